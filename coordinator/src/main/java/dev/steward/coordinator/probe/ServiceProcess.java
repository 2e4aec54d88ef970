package dev.steward.coordinator.probe;

/**
 * A service's process on one host as its agent sees it right now: the first to know when the
 * process dies, long before ZooKeeper lets its session go (docs/rollouts.md rule 15).
 *
 * @param agentReachable false when the agent did not answer: then nothing is known of the service
 * @param running the process is up (the backend reports the service active)
 * @param activeSinceMillis when the running process started (epoch millis), 0 when not running
 * @param lastExitStatus the exit status of the previous process, -1 when unknown
 * @param restartPending the agent holds a pending-restart reason for it (stale config or binaries)
 * @param detail the backend's sub-state or the agent's error, for messages
 */
public record ServiceProcess(String host, String service, boolean agentReachable, boolean running,
    long activeSinceMillis, int lastExitStatus, boolean restartPending, String detail) {

  public static ServiceProcess agentUnreachable(String host, String service, String error) {
    return new ServiceProcess(host, service, false, false, 0, -1, false, error);
  }

  /** Known to be down now: the agent answered and the process is not running. */
  public boolean knownDown() {
    return agentReachable && !running;
  }

  /** For messages: "running since ...", "down (exit 137, auto-restart)", "unknown: its agent does not answer". */
  public String describe() {
    if (!agentReachable) {
      return "unknown: the agent of " + host + " does not answer";
    }
    if (running) {
      return "running";
    }
    return "down (" + (lastExitStatus >= 0 ? "last exit status " + lastExitStatus + ", " : "") + detail + ")";
  }
}
