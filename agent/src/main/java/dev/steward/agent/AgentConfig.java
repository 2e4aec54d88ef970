package dev.steward.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * How one agent runs, after argument parsing.
 *
 * @param javaHome the Java the services run on (and that facts report); the agent's own by default
 * @param enrollTokenFile the one-time enrollment token the agent presents on first start (null when not given)
 */
public record AgentConfig(InetSocketAddress listen, Path root, Path stateDir, BackendChoice backend, boolean insecure,
                          Path pidFile, Path javaHome, long maxArtifactBytes, Path enrollTokenFile) {

  /** The --backend option. */
  public enum BackendChoice {
    AUTO, SUPERVISOR, SYSTEMD
  }
}
