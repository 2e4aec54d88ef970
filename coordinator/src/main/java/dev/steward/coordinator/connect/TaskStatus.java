package dev.steward.coordinator.connect;

/**
 * One task of a connector as Connect reports it.
 *
 * @param state RUNNING, FAILED, PAUSED, UNASSIGNED, RESTARTING or STOPPED
 * @param trace the stack trace Connect keeps for a FAILED task; null otherwise
 */
public record TaskStatus(int id, String state, String workerId, String trace) {

  public boolean running() {
    return ConnectorStatus.RUNNING.equals(state);
  }

  public boolean failed() {
    return ConnectorStatus.FAILED.equals(state);
  }
}
