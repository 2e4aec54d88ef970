package dev.steward.common.render;

import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.common.inventory.GuideDefaults;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders the systemd unit of a managed service. Unlike the guide's units it runs the JVM
 * directly ({@code Type=simple}, the argv of {@link JvmCommandLine}) so systemd tracks the real
 * process; it stops with SIGTERM (Kafka's controlled shutdown) and waits long enough for it,
 * and counts the JVM's exit status after SIGTERM (143) as a clean stop.
 */
public final class SystemdUnitRenderer {

  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private SystemdUnitRenderer() {
  }

  /** The unit file name of a service, e.g. "kafka.service". */
  public static String unitName(ServiceName service) {
    return switch (service) {
      case SERVICE_NAME_ZOOKEEPER -> "zookeeper.service";
      case SERVICE_NAME_KAFKA -> "kafka.service";
      case SERVICE_NAME_KAFKA_CONNECT -> "kafka-connect.service";
      default -> throw new IllegalArgumentException("not a managed service: " + service);
    };
  }

  /**
   * @param javaExecutable absolute path of the java binary the unit runs
   * @throws IllegalArgumentException when a field is unsafe to put into a unit file
   */
  public static String render(ServiceResource service, String javaExecutable) {
    JvmLaunch launch = service.getLaunch();
    List<String> argv = JvmCommandLine.argv(service, javaExecutable);
    String required = service.getRequiresList().stream().map(SystemdUnitRenderer::unitName)
        .collect(Collectors.joining(" "));
    StringBuilder unit = new StringBuilder(ManagedFile.HEADER).append('\n')
        .append("[Unit]\n")
        .append("Description=").append(description(service.getService())).append('\n')
        // After= alone does not pull network-online.target in; Wants= does
        .append("Wants=network-online.target\n")
        .append("After=network-online.target").append(required.isEmpty() ? "" : " " + required).append('\n');
    if (!required.isEmpty()) {
      unit.append("Requires=").append(required).append('\n');
    }
    unit.append('\n').append("[Service]\n").append("Type=simple\n");
    if (!launch.getUser().isEmpty()) {
      unit.append("User=").append(account("user", launch.getUser())).append('\n');
    }
    if (!launch.getGroup().isEmpty()) {
      unit.append("Group=").append(account("group", launch.getGroup())).append('\n');
    }
    unit.append("WorkingDirectory=").append(SystemdQuoting.escapeSpecifiers(launch.getInstallDir())).append('\n')
        .append("ExecStart=").append(argv.stream().map(SystemdQuoting::quote).collect(Collectors.joining(" ")))
        .append('\n')
        .append("Restart=").append(service.getService() == ServiceName.SERVICE_NAME_KAFKA_CONNECT ? "on-failure" : "always")
        .append('\n')
        .append("RestartSec=").append(launch.getRestartDelaySeconds() > 0 ? launch.getRestartDelaySeconds()
            : GuideDefaults.RESTART_DELAY_SECONDS).append('\n');
    if (launch.getStopTimeoutSeconds() > 0) {
      unit.append("TimeoutStopSec=").append(launch.getStopTimeoutSeconds()).append('\n');
    }
    unit.append("KillSignal=SIGTERM\n")
        // a JVM that exits on SIGTERM reports 128+15: that is the clean stop we asked for
        .append("SuccessExitStatus=143\n");
    if (launch.getLimitNofile() > 0) {
      unit.append("LimitNOFILE=").append(launch.getLimitNofile()).append('\n');
    }
    return unit.append('\n').append("[Install]\n").append("WantedBy=multi-user.target\n").toString();
  }

  private static String description(ServiceName service) {
    return switch (service) {
      case SERVICE_NAME_ZOOKEEPER -> "Apache ZooKeeper";
      case SERVICE_NAME_KAFKA -> "Apache Kafka";
      default -> "Apache Kafka Connect";
    };
  }

  private static String account(String what, String name) {
    if (!ACCOUNT.matcher(name).matches()) {
      throw new IllegalArgumentException("unsafe " + what + " name for a unit file: " + name.replaceAll("\\p{Cntrl}", "?"));
    }
    return name;
  }
}
