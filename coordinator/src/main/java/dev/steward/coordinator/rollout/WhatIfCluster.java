package dev.steward.coordinator.rollout;

import dev.steward.common.service.ConnectService;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.ZooKeeperService;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.connect.WorkerState;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.PartitionState;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The cluster as a rollout would leave it after each of its restarts, for the dry run. Each
 * snapshot is taken once from the real cluster (only read: a {@link ClusterView} cannot restart
 * anything), then every planned restart is applied to the copy as if the node came back at once
 * and passed its readiness gate. Which node goes next is never decided here: the rollers do
 * that, over this copy, exactly as they do over the live cluster.
 */
public final class WhatIfCluster implements ClusterView {

  private final Observed<EnsembleSnapshot> ensemble;
  private final Observed<List<BrokerState>> brokers;
  private final Observed<OptionalInt> controller;
  private final Observed<KafkaSnapshot> kafka;
  private final Observed<ConnectClusterSnapshot> connect;

  public WhatIfCluster(ClusterView live) {
    ensemble = new Observed<>(live::ensemble);
    brokers = new Observed<>(live::brokers);
    controller = new Observed<>(live::controller);
    kafka = new Observed<>(live::kafka);
    connect = new Observed<>(live::connect);
  }

  @Override
  public EnsembleSnapshot ensemble() {
    return ensemble.get();
  }

  @Override
  public List<BrokerState> brokers() {
    return brokers.get();
  }

  @Override
  public OptionalInt controller() {
    return controller.get();
  }

  @Override
  public KafkaSnapshot kafka() {
    return kafka.get();
  }

  @Override
  public ConnectClusterSnapshot connect() {
    return connect.get();
  }

  /** The node was restarted and passed its readiness gate (docs/rollouts.md rules 7, 11, 14). */
  public void restarted(String service, String host) {
    switch (service) {
      case ZooKeeperService.NAME -> ensemble.update(e -> synced(e, Optional.of(host)));
      case KafkaService.NAME -> restartedBroker(host);
      case ConnectService.NAME -> connect.update(c -> healthy(c, Set.of(host)));
      default -> throw new IllegalArgumentException("no service " + service);
    }
  }

  /**
   * What the rollout waits for comes about, soonest first. First the ZooKeeper sessions of dead
   * brokers expire, taking their registrations and their places in the ISRs with them: the roller
   * then restarts such a broker itself when it is part of the rollout (rules 8 and 15), rather
   * than wait for its supervisor. Then everything else: every node serving and synced, every
   * broker registered with full ISRs, every worker healthy. The dry run cannot tell how long
   * either takes, only what comes after.
   *
   * @return false when nothing changed: the wait is not one the cluster ends by itself (or the
   *     snapshot it needs could not be taken)
   */
  public boolean settle() {
    return deadBrokersSessionsExpire() || everythingRecovers();
  }

  private boolean deadBrokersSessionsExpire() {
    Set<Integer> dead = Set.copyOf(brokers.peek().orElse(List.of()).stream()
        .filter(b -> b.down() && b.registered()).map(BrokerState::id).toList());
    if (dead.isEmpty()) {
      return false;
    }
    brokers.update(all -> all.stream()
        .map(b -> dead.contains(b.id()) ? new BrokerState(b.id(), b.host(), false, false, false) : b).toList());
    kafka.update(k -> without(k, dead));
    return true;
  }

  private boolean everythingRecovers() {
    boolean changed = ensemble.update(e -> synced(e, Optional.empty()));
    changed |= brokers.update(all -> all.stream().map(b -> new BrokerState(b.id(), b.host(), true, true, true))
        .toList());
    changed |= kafka.update(k -> inSync(k, everyBroker(k)));
    changed |= connect.update(c -> healthy(c, Set.copyOf(c.workers().stream().map(WorkerState::host).toList())));
    return changed;
  }

  private void restartedBroker(String host) {
    // The roller that chose this broker read all three snapshots: they are there to update.
    List<BrokerState> all = brokers.get();
    int id = all.stream().filter(b -> b.host().equals(host)).findFirst().orElseThrow().id();
    brokers.update(list -> list.stream().map(b -> b.id() == id ? new BrokerState(id, host, true, true, true) : b)
        .toList());
    kafka.update(k -> inSync(k, Set.of(id)));
    // The controller moves when its broker stops; to whom is the cluster's choice. Rule 8 restarts it last,
    // so only a down controller restarted first can make the guess matter.
    OptionalInt next = all.stream().mapToInt(BrokerState::id).filter(other -> other != id).min();
    controller.update(c -> c.equals(OptionalInt.of(id)) && next.isPresent() ? next : c);
  }

  /** Every broker the snapshots know of, by its process or by a replica. */
  private Set<Integer> everyBroker(KafkaSnapshot kafka) {
    Set<Integer> ids = new HashSet<>();
    brokers.peek().ifPresent(list -> list.forEach(b -> ids.add(b.id())));
    kafka.partitions().forEach(p -> ids.addAll(p.replicas()));
    return ids;
  }

  /** Every node serving, the leader reporting every follower synced; leadership moves off a restarted leader. */
  private static EnsembleSnapshot synced(EnsembleSnapshot ensemble, Optional<String> restarted) {
    List<ZooKeeperNodeState> nodes = ensemble.nodes();
    if (nodes.size() == 1) {
      ZooKeeperNodeState only = nodes.get(0);
      return only.serving() ? ensemble : new EnsembleSnapshot(List.of(
          new ZooKeeperNodeState(only.host(), only.id(), true, "standalone", Map.of(), "")));
    }
    Optional<ZooKeeperNodeState> leader = ensemble.leader();
    if (leader.isEmpty()) {
      return ensemble; // no leader, or two: the roller stops on it, and no wait mends it
    }
    String newLeader = restarted.filter(leader.get().host()::equals)
        .flatMap(old -> nodes.stream().filter(n -> !n.host().equals(old)).min(Comparator.comparingInt(
            ZooKeeperNodeState::id)).map(ZooKeeperNodeState::host))
        .orElse(leader.get().host());
    Map<String, String> synced = Map.of("zk_synced_followers", Integer.toString(nodes.size() - 1),
        "zk_pending_syncs", "0");
    return new EnsembleSnapshot(nodes.stream().map(n -> n.host().equals(newLeader)
        ? new ZooKeeperNodeState(n.host(), n.id(), true, "leader", synced, "")
        : new ZooKeeperNodeState(n.host(), n.id(), true, "follower", Map.of(), "")).toList());
  }

  /** The brokers live and every partition with a replica on one of them fully in sync, with a leader. */
  private static KafkaSnapshot inSync(KafkaSnapshot kafka, Set<Integer> brokerIds) {
    Set<Integer> live = new HashSet<>(kafka.liveBrokers());
    live.addAll(brokerIds);
    List<PartitionState> partitions = kafka.partitions().stream()
        .map(p -> p.replicas().stream().noneMatch(brokerIds::contains) ? p
            : new PartitionState(p.topic(), p.partition(), p.replicas(), p.replicas(),
                p.offline() ? p.replicas().get(0) : p.leader()))
        .toList();
    return new KafkaSnapshot(live, kafka.controller(), partitions, kafka.minInsyncReplicas());
  }

  /** The brokers gone from the live set and from every ISR, leadership passing to a replica left in sync. */
  private static KafkaSnapshot without(KafkaSnapshot kafka, Set<Integer> gone) {
    Set<Integer> live = new HashSet<>(kafka.liveBrokers());
    live.removeAll(gone);
    List<PartitionState> partitions = kafka.partitions().stream().map(p -> {
      List<Integer> isr = p.isr().stream().filter(id -> !gone.contains(id)).toList();
      int leader = !gone.contains(p.leader()) ? p.leader() : isr.isEmpty() ? -1 : isr.get(0);
      return new PartitionState(p.topic(), p.partition(), p.replicas(), isr, leader);
    }).toList();
    return new KafkaSnapshot(live, kafka.controller(), partitions, kafka.minInsyncReplicas());
  }

  private static ConnectClusterSnapshot healthy(ConnectClusterSnapshot connect, Set<String> hosts) {
    Optional<WorkerState> model = connect.workers().stream().filter(WorkerState::healthy).findFirst();
    List<WorkerState> workers = connect.workers().stream().map(w -> w.healthy() || !hosts.contains(w.host()) ? w
        : new WorkerState(w.host(), w.url(), true, model.map(WorkerState::version).orElse(null),
            model.map(WorkerState::kafkaClusterId).orElse(null), "")).toList();
    return new ConnectClusterSnapshot(workers, connect.connectors());
  }

  /** One observation of the real cluster, taken on first use and kept, a failure included. */
  private static final class Observed<T> {
    private final Supplier<T> source;
    private boolean taken;
    private T value;
    private RuntimeException failure;

    Observed(Supplier<T> source) {
      this.source = source;
    }

    T get() {
      if (!taken) {
        taken = true;
        try {
          value = source.get();
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw failure;
      }
      return value;
    }

    /** The value, when it was observed; never observes. */
    Optional<T> peek() {
      return taken && failure == null ? Optional.of(value) : Optional.empty();
    }

    /** @return whether the value changed; one not observed yet (or that failed) is left alone */
    boolean update(UnaryOperator<T> change) {
      if (!taken || failure != null) {
        return false;
      }
      T updated = change.apply(value);
      boolean changed = !Objects.equals(updated, value);
      value = updated;
      return changed;
    }
  }
}
