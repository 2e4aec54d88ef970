package dev.steward.common.render;

import dev.steward.common.service.AccountNames;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.common.inventory.GuideDefaults;
import dev.steward.common.service.ServiceNames;

/**
 * Renders the systemd unit of a managed service, the text the agent's systemd backend writes
 * to {@code /etc/systemd/system/}. Pure. Where it departs from the guide's units, and why:
 * <ul>
 *   <li>{@code Type=simple} and the JVM run directly ({@link JvmCommandLine}), not the
 *       guide's {@code Type=forking} + {@code bin/*.sh -daemon}, so systemd tracks the JVM;
 *   <li>a required service is {@code Wants=} + {@code After=}, not the guide's
 *       {@code Requires=}: with Requires=, {@code systemctl restart zookeeper} also restarts
 *       (and {@code stop} stops) Kafka on that host (measured in the lab), which would take
 *       a broker down behind the back of the rolling-restart availability gate;
 *   <li>{@code SuccessExitStatus=143}: a JVM stopped by SIGTERM exits with 128+15;
 *   <li>{@code TimeoutStopSec=} always, long enough for Kafka's controlled shutdown;
 *   <li>{@code RestartSec=} from the launch: a broker's is longer than the guide's 10 s, so
 *       that a crashed broker's ZooKeeper session has expired when it starts again
 *       (KafkaService.restartDelaySeconds);
 *   <li>{@code WorkingDirectory=} the install directory: the agent reads the process's cwd
 *       to report which distribution runs.
 * </ul>
 * Kafka Connect restarts only on failure, as the guide has it; ZooKeeper and Kafka always.
 */
public final class SystemdUnitRenderer {

  /** Stop timeout of a service whose launch names none: time for a controlled shutdown. */
  public static final int DEFAULT_STOP_TIMEOUT_SECONDS = 120;

  private SystemdUnitRenderer() {
  }

  /** The unit file name of a service, e.g. "kafka.service". */
  public static String unitName(ServiceName service) {
    return ServiceNames.shortName(service) + ".service";
  }

  /** How long a stop may take before systemd kills the service ({@code TimeoutStopSec=}). */
  public static int stopTimeoutSeconds(JvmLaunch launch) {
    return orDefault(launch.getStopTimeoutSeconds(), DEFAULT_STOP_TIMEOUT_SECONDS);
  }

  /**
   * @param realDefinition the definition with real paths (identity on a host whose root is /)
   * @param javaExecutable absolute path of the java binary
   * @throws IllegalArgumentException when a name, option or path is unsafe
   */
  public static String render(ServiceResource realDefinition, String javaExecutable) {
    JvmLaunch launch = realDefinition.getLaunch();
    requireValidNames(launch);
    String execStart = SystemdQuoting.execLine(JvmCommandLine.argv(realDefinition, javaExecutable));
    ServiceName service = realDefinition.getService();
    StringBuilder unit = new StringBuilder();
    unit.append(ManagedFile.header(ServiceNames.shortName(service) + " service")).append('\n');
    unit.append("[Unit]\n");
    unit.append("Description=").append(description(service)).append(" (managed by Steward)\n");
    // the service binds the host's address: wait until the network is configured
    // (After= alone does not pull network-online.target in; Wants= does)
    unit.append("Wants=network-online.target\n");
    unit.append("After=network-online.target\n");
    for (ServiceName required : realDefinition.getRequiresList()) {
      unit.append("Wants=").append(unitName(required)).append('\n');
      unit.append("After=").append(unitName(required)).append('\n');
    }
    unit.append('\n');
    unit.append("[Service]\n");
    unit.append("Type=simple\n");
    if (!launch.getUser().isEmpty()) {
      unit.append("User=").append(launch.getUser()).append('\n');
    }
    if (!launch.getGroup().isEmpty()) {
      unit.append("Group=").append(launch.getGroup()).append('\n');
    }
    unit.append("WorkingDirectory=").append(SystemdQuoting.escapeSpecifiers(launch.getInstallDir())).append('\n');
    unit.append("ExecStart=").append(execStart).append('\n');
    unit.append("Restart=").append(service == ServiceName.SERVICE_NAME_KAFKA_CONNECT ? "on-failure" : "always")
        .append('\n');
    unit.append("RestartSec=").append(orDefault(launch.getRestartDelaySeconds(), GuideDefaults.RESTART_DELAY_SECONDS))
        .append('\n');
    unit.append("KillSignal=SIGTERM\n");
    // Kafka's controlled shutdown moves leadership away before exiting: give it time
    unit.append("TimeoutStopSec=").append(stopTimeoutSeconds(launch)).append('\n');
    unit.append("SuccessExitStatus=143\n");
    if (launch.getLimitNofile() > 0) {
      unit.append("LimitNOFILE=").append(launch.getLimitNofile()).append('\n');
    }
    unit.append('\n');
    unit.append("[Install]\n");
    unit.append("WantedBy=multi-user.target\n");
    return unit.toString();
  }

  /** Checks what the unit text would carry that a JVM command line does not check. */
  private static void requireValidNames(JvmLaunch launch) {
    for (String[] field : new String[][] {{"launch.user", launch.getUser()}, {"launch.group", launch.getGroup()}}) {
      if (!field[1].isEmpty() && !AccountNames.isValid(field[1])) {
        throw new IllegalArgumentException(field[0] + " '" + field[1].replaceAll("\\p{Cntrl}", "?")
            + "' is not a valid user or group name (" + AccountNames.RULE + ")");
      }
    }
  }

  private static int orDefault(int value, int fallback) {
    return value > 0 ? value : fallback;
  }

  private static String description(ServiceName service) {
    return switch (service) {
      case SERVICE_NAME_ZOOKEEPER -> "Apache ZooKeeper";
      case SERVICE_NAME_KAFKA -> "Apache Kafka";
      case SERVICE_NAME_KAFKA_CONNECT -> "Apache Kafka Connect";
      default -> throw new IllegalArgumentException("not a managed service: " + service);
    };
  }
}
