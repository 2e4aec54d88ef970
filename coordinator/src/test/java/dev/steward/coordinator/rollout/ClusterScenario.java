package dev.steward.coordinator.rollout;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryException;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.PartitionState;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A cluster for the deciders' tests, told as a scenario: three hosts h1-h3, each running
 * ZooKeeper node n and broker n, all healthy (ZooKeeper leader h1, controller 1, no topics),
 * and then what is different. It produces the plain values the deciders take, and a
 * {@link ClusterView} whose probes can be made to fail.
 *
 * <pre>
 * ClusterScenario.threeHosts().withController(2).brokerDown(3)
 *     .partition("orders", 0, replicas(1, 2, 3), isr(1, 2)).minIsr("orders", 2)
 *     .nextBroker("h1", "h2", "h3")
 * </pre>
 */
final class ClusterScenario {

  private static final List<String> HOSTS = List.of("h1", "h2", "h3");

  private final Map<Integer, BrokerState> brokers = new TreeMap<>();
  /** "leader", "follower", or "" for a node that does not answer. */
  private final Map<String, String> zooKeeperModes = new TreeMap<>();
  private OptionalInt syncedFollowers = OptionalInt.empty();
  private OptionalInt controller = OptionalInt.of(1);
  private final List<PartitionState> partitions = new ArrayList<>();
  private final Map<String, Integer> minIsr = new HashMap<>();
  private final Set<String> accepted = new HashSet<>();
  private Optional<String> kafkaProbeFailure = Optional.empty();
  private Optional<String> ensembleProbeFailure = Optional.empty();

  private ClusterScenario() {
    for (int id = 1; id <= HOSTS.size(); id++) {
      brokers.put(id, new BrokerState(id, host(id), true, true, true));
      zooKeeperModes.put(host(id), id == 1 ? "leader" : "follower");
    }
  }

  static ClusterScenario threeHosts() {
    return new ClusterScenario();
  }

  static List<Integer> replicas(Integer... ids) {
    return List.of(ids);
  }

  static List<Integer> isr(Integer... ids) {
    return List.of(ids);
  }

  private static String host(int id) {
    return "h" + id;
  }

  // ------------------------------------------------------------------ Kafka

  /** Topics orders (two partitions) and __consumer_offsets: RF 3, min ISR 2, every ISR full. */
  ClusterScenario withReplicatedTopics() {
    return partition("orders", 0, replicas(1, 2, 3), isr(1, 2, 3))
        .partition("orders", 1, replicas(2, 3, 1), isr(2, 3, 1))
        .partition("__consumer_offsets", 0, replicas(3, 1, 2), isr(3, 1, 2))
        .minIsr("orders", 2).minIsr("__consumer_offsets", 2);
  }

  ClusterScenario withController(int id) {
    controller = OptionalInt.of(id);
    return this;
  }

  /** Its process is not running and its ZooKeeper session has expired. */
  ClusterScenario brokerDown(int id) {
    return broker(id, false, false, false);
  }

  /** Killed: the agent saw the process die, ZooKeeper keeps its registration until the session expires. */
  ClusterScenario brokerKilledStillRegistered(int id) {
    return broker(id, false, false, true);
  }

  /** Running but not registered yet: recovering its logs. */
  ClusterScenario brokerRecovering(int id) {
    return broker(id, true, true, false);
  }

  /** Running and registered, but its port refuses connections. */
  ClusterScenario brokerNotAcceptingConnections(int id) {
    return broker(id, true, false, true);
  }

  private ClusterScenario broker(int id, boolean running, boolean portOpen, boolean registered) {
    brokers.put(id, new BrokerState(id, host(id), running, portOpen, registered));
    return this;
  }

  /** The first in-sync replica leads; with none in sync the partition is offline. */
  ClusterScenario partition(String topic, int partition, List<Integer> replicas, List<Integer> isr) {
    partitions.add(new PartitionState(topic, partition, replicas, isr, isr.isEmpty() ? -1 : isr.get(0)));
    return this;
  }

  ClusterScenario minIsr(String topic, int min) {
    minIsr.put(topic, min);
    return this;
  }

  /** As {@code --allow-unavailable topic}. */
  ClusterScenario allowUnavailable(String topic) {
    accepted.add(topic);
    return this;
  }

  /** Every Kafka snapshot fails (the Admin client cannot reach a broker). */
  ClusterScenario kafkaProbeFails(String message) {
    kafkaProbeFailure = Optional.of(message);
    return this;
  }

  // ------------------------------------------------------------------ ZooKeeper

  ClusterScenario withZooKeeperLeader(String host) {
    zooKeeperModes.replaceAll((h, mode) -> h.equals(host) ? "leader" : mode.isEmpty() ? "" : "follower");
    return this;
  }

  /** Every node that answers is a follower. */
  ClusterScenario withoutZooKeeperLeader() {
    zooKeeperModes.replaceAll((h, mode) -> mode.isEmpty() ? "" : "follower");
    return this;
  }

  /** Split brain: more than one node says it leads. */
  ClusterScenario zooKeeperLeaders(String... hosts) {
    Set<String> leaders = Set.of(hosts);
    zooKeeperModes.replaceAll((h, mode) -> leaders.contains(h) ? "leader" : mode);
    return this;
  }

  ClusterScenario zooKeeperNodeDown(String host) {
    zooKeeperModes.put(host, "");
    return this;
  }

  /** What the leader's mntr reports; by default every follower that answers. */
  ClusterScenario zooKeeperSyncedFollowers(int synced) {
    syncedFollowers = OptionalInt.of(synced);
    return this;
  }

  /** Every ensemble snapshot fails (no agent answers the four-letter words). */
  ClusterScenario ensembleProbeFails(String message) {
    ensembleProbeFailure = Optional.of(message);
    return this;
  }

  // ------------------------------------------------------------------ what the deciders take

  List<BrokerState> brokers() {
    return List.copyOf(brokers.values());
  }

  /** Live: the registered brokers. */
  KafkaSnapshot kafka() {
    Set<Integer> live = new HashSet<>();
    brokers.values().stream().filter(BrokerState::registered).forEach(b -> live.add(b.id()));
    return new KafkaSnapshot(live, controller, partitions, minIsr);
  }

  OptionalInt controller() {
    return controller;
  }

  EnsembleSnapshot ensemble() {
    long following = zooKeeperModes.values().stream().filter("follower"::equals).count();
    int synced = syncedFollowers.orElse((int) following);
    List<ZooKeeperNodeState> nodes = new ArrayList<>();
    for (String host : HOSTS) {
      int id = HOSTS.indexOf(host) + 1;
      String mode = zooKeeperModes.get(host);
      nodes.add(mode.isEmpty() ? ZooKeeperNodeState.unreachable(host, id, "connection refused")
          : new ZooKeeperNodeState(host, id, true, mode, mode.equals("leader")
              ? Map.of("zk_synced_followers", Integer.toString(synced), "zk_pending_syncs", "0") : Map.of(), ""));
    }
    return new EnsembleSnapshot(nodes);
  }

  /** The scenario as the rollout reads it, the injected probe failures included. */
  ClusterView view() {
    return new ClusterView() {
      @Override
      public EnsembleSnapshot ensemble() {
        return unlessFailing(ensembleProbeFailure, ClusterScenario.this::ensemble);
      }

      @Override
      public List<BrokerState> brokers() {
        return ClusterScenario.this.brokers();
      }

      @Override
      public OptionalInt controller() {
        return ClusterScenario.this.controller();
      }

      @Override
      public KafkaSnapshot kafka() {
        return unlessFailing(kafkaProbeFailure, ClusterScenario.this::kafka);
      }

      @Override
      public ConnectClusterSnapshot connect() {
        return new ConnectClusterSnapshot(List.of(), Map.of());
      }
    };
  }

  private static <T> T unlessFailing(Optional<String> failure, Supplier<T> observation) {
    if (failure.isPresent()) {
      throw new IllegalStateException(failure.get());
    }
    return observation.get();
  }

  /** The scenario's hosts as an inventory, with this {@code kafka:} section (flow style). */
  static Inventory inventory(String kafka) throws InventoryException {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: lab
        kafka: %s
        hosts:
          - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: h2, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """.formatted(kafka), null, "lab.yaml").inventory();
  }

  // ------------------------------------------------------------------ decisions

  RollDecision nextBroker(String... remaining) {
    return KafkaRoller.next(brokers(), kafka(), controller, Set.of(remaining), accepted);
  }

  RollDecision nextZooKeeperNode(String... remaining) {
    return ZooKeeperRoller.next(ensemble(), Set.of(remaining));
  }

  /** Through the rollout's dispatch and the view, so probe failures count. */
  RollDecision next(String service, String... remaining) {
    return Rollers.next(service, view(), Set.of(remaining), accepted);
  }

  KafkaAvailability.Verdict canStop(int brokerId) {
    return KafkaAvailability.canStop(kafka(), brokerId, accepted);
  }

  /** The brokers in the order the roller picks them while nothing else changes; stops at anything but a restart. */
  List<String> brokerOrder(String... hosts) {
    Set<String> remaining = new LinkedHashSet<>(List.of(hosts));
    List<String> order = new ArrayList<>();
    while (!remaining.isEmpty()
        && KafkaRoller.next(brokers(), kafka(), controller, remaining, accepted) instanceof RollDecision.Restart next) {
      order.add(next.host());
      remaining.remove(next.host());
    }
    return order;
  }
}
