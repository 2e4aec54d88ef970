package dev.steward.coordinator.rollout;

import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.KafkaSnapshot;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything the rolling restart needs from the real world: fresh observations of the
 * cluster and the few actions it takes. The live implementation talks to the agents,
 * ZooKeeper and Kafka; the executor's sequencing is tested against a simulated one.
 */
public interface RolloutCluster {

  EnsembleSnapshot ensemble();

  /** Every broker host of the inventory with its process and registration state. */
  List<BrokerState> brokers();

  Set<Integer> registeredBrokers();

  /** The ZooKeeper transaction id that created the broker's registration, if registered. */
  OptionalLong registrationId(int brokerId);

  /** ZooKeeper's timestamp (epoch millis) of the broker's registration, if registered. */
  OptionalLong registrationTime(int brokerId);

  OptionalInt controller();

  /** The Connect workers and their connectors and tasks, fresh. */
  ConnectClusterSnapshot connect();

  KafkaSnapshot kafka();

  /** Restarts the service through the host's agent; the operation id makes a re-send harmless. */
  void restart(String host, String service, String operationId, RestartReasonKind reason);

  /** Upgrades only: brings the host to the target version's desired state (no restarts). */
  void prepare(String host, String operationId);

  /** Moves leadership back to the broker for the partitions it prefers to lead. */
  void electPreferredLeaders(int brokerId);

  int brokerId(String host);

  /**
   * Opens the connections later observations need (ZooKeeper session, Kafka Admin), so that
   * setting them up overlaps the ZooKeeper stage instead of delaying the Kafka one.
   */
  default void warmUp() {
  }
}
