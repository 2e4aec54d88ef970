package dev.steward.coordinator.rollout;

/**
 * One broker as the Kafka roller sees it.
 *
 * @param processRunning the agent reports the broker's service active: it knows at once when
 *     the process dies, while ZooKeeper keeps the registration until the session times out
 * @param portOpen the broker accepts connections on its listener port
 * @param registered its id is under /brokers/ids (it finished log recovery and joined)
 */
public record BrokerState(int id, String host, boolean processRunning, boolean portOpen, boolean registered) {

  /**
   * Running but not yet serving: loading logs after an unclean stop, or not yet listening.
   * Never restart it then.
   */
  public boolean recovering() {
    return processRunning && (!registered || !portOpen);
  }

  public boolean down() {
    return !processRunning;
  }

  public String describeRecovering() {
    return !registered ? "is running but not registered (recovering its logs)"
        : "is running but does not accept connections on its port";
  }
}
