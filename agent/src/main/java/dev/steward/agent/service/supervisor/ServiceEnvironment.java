package dev.steward.agent.service.supervisor;

import java.util.Map;
import java.util.TreeMap;

/**
 * The environment a supervised service starts with: what systemd would give a unit, not the
 * agent's own. The agent's launcher tunes the agent's JVM through its environment (for example
 * MALLOC_ARENA_MAX), and an operator's shell may carry anything; neither may leak into Kafka,
 * ZooKeeper or Connect, whose behaviour must not depend on how the agent was started.
 */
final class ServiceEnvironment {

  /** systemd's default PATH for services. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ServiceEnvironment() {
  }

  /** The locale, time zone and identity variables of {@code agent}, and a PATH; nothing else. */
  static Map<String, String> of(Map<String, String> agent) {
    Map<String, String> service = new TreeMap<>();
    agent.forEach((name, value) -> {
      if (kept(name)) {
        service.put(name, value);
      }
    });
    service.putIfAbsent("PATH", DEFAULT_PATH);
    return service;
  }

  private static boolean kept(String name) {
    return switch (name) {
      case "PATH", "LANG", "LANGUAGE", "TZ", "HOME", "USER", "LOGNAME", "TMPDIR" -> true;
      default -> name.startsWith("LC_");
    };
  }
}
