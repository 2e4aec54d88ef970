package dev.steward.coordinator.rollout;

import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.coordinator.probe.ServiceProcess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything the rolling restart needs from the real world: fresh observations of the
 * cluster (what the rollers read, {@link ClusterView}, and what the gates read) and the few
 * actions it takes. The live implementation talks to the agents, ZooKeeper and Kafka; the
 * executor's sequencing is tested against a simulated one.
 */
public interface RolloutCluster extends ClusterView {

  Set<Integer> registeredBrokers();

  /** The ZooKeeper transaction id that created the broker's registration, if registered. */
  OptionalLong registrationId(int brokerId);

  /** ZooKeeper's timestamp (epoch millis) of the broker's registration, if registered. */
  OptionalLong registrationTime(int brokerId);

  /** What became of a restart request. */
  enum RestartOutcome {
    /** The agent restarted the service now. */
    RESTARTED,
    /** The agent had already carried out this operation id (a re-send after a coordinator crash). */
    REPLAYED,
    /** The agent was killed while carrying it out and cannot tell how far it got: look at the service. */
    INTERRUPTED
  }

  /** Restarts the service through the host's agent; the operation id makes a re-send harmless. */
  RestartOutcome restart(String host, String service, String operationId, RestartReasonKind reason);

  /** The service's process on the host, as its agent sees it now. */
  ServiceProcess process(String host, String service);

  /** {@link #process} read now, or why it could not be. */
  record ProcessReading(ServiceProcess process, RuntimeException failure) {
  }

  /** {@link #process} on each of the hosts, in their order; a live cluster asks the agents side by side. */
  default Map<String, ProcessReading> processes(List<String> hosts, String service) {
    Map<String, ProcessReading> readings = new LinkedHashMap<>();
    for (String host : hosts) {
      try {
        readings.put(host, new ProcessReading(process(host, service), null));
      } catch (RuntimeException e) {
        readings.put(host, new ProcessReading(null, e));
      }
    }
    return readings;
  }

  /** Upgrades only: brings the host to the target version's desired state (no restarts). */
  void prepare(String host, String operationId);

  /** Moves leadership back to the broker for the partitions it prefers to lead. */
  void electPreferredLeaders(int brokerId);

  int brokerId(String host);

  /** Every host the inventory runs the service on (not only those the rollout targets). */
  List<String> hosts(String service);

  /**
   * Opens the connections later observations need (ZooKeeper session, Kafka Admin), so that
   * setting them up overlaps the ZooKeeper stage instead of delaying the Kafka one.
   */
  default void warmUp() {
  }
}
