package dev.steward.common.render;

import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The exact argument vector that runs a managed service's JVM. Both service backends use it
 * (the systemd unit's ExecStart and the built-in supervisor), so a service runs the same way
 * whichever backend a host has. The JVM is run directly rather than through the
 * distribution's {@code bin/*.sh -daemon} scripts, so the supervising process tracks the
 * real JVM and its exit status.
 */
public final class JvmCommandLine {

  /** One JVM option: "-server" or -X/-D options, no whitespace or control characters. */
  private static final Pattern JVM_OPTION = Pattern.compile("-server|-(X|D)[\\x21-\\x7e]+");

  private JvmCommandLine() {
  }

  /** The class whose main() a service runs. */
  public static String mainClass(ServiceName service) {
    return switch (service) {
      case SERVICE_NAME_ZOOKEEPER -> "org.apache.zookeeper.server.quorum.QuorumPeerMain";
      case SERVICE_NAME_KAFKA -> "kafka.Kafka";
      case SERVICE_NAME_KAFKA_CONNECT -> "org.apache.kafka.connect.cli.ConnectDistributed";
      default -> throw new IllegalArgumentException("not a managed service: " + service);
    };
  }

  /** The log4j file inside the distribution that each service logs through. */
  public static String log4jFile(ServiceName service) {
    return switch (service) {
      case SERVICE_NAME_KAFKA_CONNECT -> "connect-log4j.properties";
      default -> "log4j.properties";
    };
  }

  /** True when {@code option} is acceptable as a single JVM option. */
  public static boolean isValidJvmOption(String option) {
    return option != null && JVM_OPTION.matcher(option).matches();
  }

  /**
   * Builds the argv.
   *
   * @param javaExecutable absolute path of the java binary to run
   * @throws IllegalArgumentException when an option or path is unsafe
   */
  public static List<String> argv(ServiceResource service, String javaExecutable) {
    JvmLaunch launch = service.getLaunch();
    requireAbsolute("java executable", javaExecutable);
    requireAbsolute("install_dir", launch.getInstallDir());
    requireAbsolute("config_file", launch.getConfigFile());
    requireAbsolute("log_dir", launch.getLogDir());
    List<String> argv = new ArrayList<>();
    argv.add(javaExecutable);
    for (String option : launch.getHeapOptionsList()) {
      argv.add(requireOption(option));
    }
    for (String option : launch.getJvmOptionsList()) {
      argv.add(requireOption(option));
    }
    String install = launch.getInstallDir();
    argv.add("-Dlog4j.configuration=file:" + install + "/config/" + log4jFile(service.getService()));
    argv.add("-Dkafka.logs.dir=" + launch.getLogDir());
    argv.add("-Dzookeeper.log.dir=" + launch.getLogDir());
    argv.add("-cp");
    List<String> classpath = new ArrayList<>();
    classpath.add(install + "/libs/*");
    for (String extra : launch.getExtraClasspathList()) {
      requireAbsolute("extra_classpath", extra);
      classpath.add(extra);
    }
    argv.add(String.join(":", classpath));
    argv.add(mainClass(service.getService()));
    argv.add(launch.getConfigFile());
    return List.copyOf(argv);
  }

  private static String requireOption(String option) {
    if (!isValidJvmOption(option)) {
      throw new IllegalArgumentException("unsafe JVM option " + quote(option)
          + ": options must be -server or start with -X or -D, without whitespace");
    }
    return option;
  }

  private static void requireAbsolute(String what, String path) {
    if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ':')) {
      throw new IllegalArgumentException(what + " must be an absolute path without ':' or control characters: "
          + quote(path));
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
