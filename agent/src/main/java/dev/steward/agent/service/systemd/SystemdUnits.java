package dev.steward.agent.service.systemd;

import dev.steward.agent.service.ServiceNames;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.common.render.JvmCommandLine;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders the unit file of a managed service. Pure.
 *
 * <p>Interim home: the common module's {@code SystemdUnitRenderer} (written in parallel) is
 * meant to own this text; the two are to be reconciled, keeping these decisions:
 * <ul>
 *   <li>{@code Type=simple} and the JVM run directly ({@link JvmCommandLine}), not the
 *       guide's {@code Type=forking} + {@code bin/*.sh -daemon}, so systemd tracks the JVM;
 *   <li>a required service is {@code Wants=} + {@code After=}, not the guide's
 *       {@code Requires=}: with Requires=, {@code systemctl restart zookeeper} also restarts
 *       (and {@code stop} stops) Kafka on that host (measured in the lab), which would take
 *       a broker down behind the back of the rolling-restart availability gate;
 *   <li>{@code SuccessExitStatus=143}: a JVM stopped by SIGTERM exits with 128+15.
 * </ul>
 */
final class SystemdUnits {

  /** Values systemd never sees split or reinterpreted (user and group names). */
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  /** Words that need no quoting on an ExecStart line. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./*$-]+");

  static final int DEFAULT_STOP_TIMEOUT_SECONDS = 120;
  static final int DEFAULT_RESTART_SECONDS = 10;

  private SystemdUnits() {
  }

  static String unitName(ServiceName service) {
    return ServiceNames.shortName(service) + ".service";
  }

  /** Checks what the unit text would carry that a JVM command line does not check. */
  static void requireValidNames(JvmLaunch launch) {
    for (String[] field : new String[][] {{"launch.user", launch.getUser()}, {"launch.group", launch.getGroup()}}) {
      if (!field[1].isEmpty() && !NAME.matcher(field[1]).matches()) {
        throw new IllegalArgumentException(field[0] + " '" + field[1].replaceAll("\\p{Cntrl}", "?")
            + "' is not a valid user or group name ([a-z_][a-z0-9_-]*, at most 32 characters)");
      }
    }
  }

  /**
   * @param realDefinition the definition with real paths (identity on a host whose root is /)
   * @param javaExecutable absolute path of the java binary
   * @throws IllegalArgumentException when a name, option or path is unsafe
   */
  static String render(ServiceResource realDefinition, String javaExecutable) {
    JvmLaunch launch = realDefinition.getLaunch();
    requireValidNames(launch);
    List<String> argv = JvmCommandLine.argv(realDefinition, javaExecutable);
    ServiceName service = realDefinition.getService();
    StringBuilder unit = new StringBuilder();
    unit.append("# Managed by Steward (").append(ServiceNames.shortName(service))
        .append(" service resource): changes here are overwritten by the next apply.\n");
    unit.append("[Unit]\n");
    unit.append("Description=").append(description(service)).append(" (managed by Steward)\n");
    // the service binds the host's address: wait until the network is configured
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
    unit.append("WorkingDirectory=").append(escapeSpecifiers(launch.getInstallDir())).append('\n');
    unit.append("ExecStart=").append(execLine(argv)).append('\n');
    unit.append("Restart=always\n");
    unit.append("RestartSec=").append(orDefault(launch.getRestartDelaySeconds(), DEFAULT_RESTART_SECONDS)).append('\n');
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

  static int stopTimeoutSeconds(JvmLaunch launch) {
    return orDefault(launch.getStopTimeoutSeconds(), DEFAULT_STOP_TIMEOUT_SECONDS);
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

  /** An argv as one ExecStart value: every word reaches the process exactly as given. */
  static String execLine(List<String> argv) {
    StringBuilder line = new StringBuilder();
    for (String word : argv) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quote(word));
    }
    return line.toString();
  }

  /**
   * systemd expands {@code %} specifiers and {@code $} variables even inside quotes, so both
   * are doubled; a word with anything but plain characters is double-quoted with C escapes.
   */
  static String quote(String word) {
    String escaped = escapeSpecifiers(word).replace("$", "$$");
    if (!word.isEmpty() && PLAIN_WORD.matcher(word).matches()) {
      return escaped;
    }
    return '"' + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String escapeSpecifiers(String value) {
    return value.replace("%", "%%");
  }
}
