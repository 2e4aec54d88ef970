package dev.steward.coordinator.rollout;

/**
 * One broker as the Kafka roller sees it.
 *
 * @param processRunning the agent reports the broker's service active
 * @param registered its id is under /brokers/ids (it finished log recovery and joined)
 */
public record BrokerState(int id, String host, boolean processRunning, boolean registered) {

  /** Running but not yet registered: loading logs after an unclean stop. Never restart it then. */
  public boolean recovering() {
    return processRunning && !registered;
  }

  public boolean down() {
    return !processRunning;
  }
}
