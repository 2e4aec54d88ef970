package dev.steward.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * How one agent runs, after argument parsing.
 *
 * @param javaHome the Java the services run on (and that facts report); the agent's own by default
 * @param enrollTokenFile the one-time enrollment token the agent presents on first start (null when not given)
 * @param logFile where the agent's own output goes when not under systemd (null: not known); read by
 *     {@code steward logs HOST agent}
 */
public record AgentConfig(InetSocketAddress listen, Path root, Path stateDir, BackendChoice backend, boolean insecure,
                          Path pidFile, Path javaHome, long maxArtifactBytes, Path enrollTokenFile, Path logFile) {

  public AgentConfig(InetSocketAddress listen, Path root, Path stateDir, BackendChoice backend, boolean insecure,
                     Path pidFile, Path javaHome, long maxArtifactBytes, Path enrollTokenFile) {
    this(listen, root, stateDir, backend, insecure, pidFile, javaHome, maxArtifactBytes, enrollTokenFile, null);
  }

  /** The --backend option. */
  public enum BackendChoice {
    AUTO, SUPERVISOR, SYSTEMD
  }
}
