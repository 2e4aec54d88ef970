package dev.steward.coordinator.service;

import dev.steward.common.inventory.ConnectSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.ConnectService;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.ZooKeeperService;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.connect.WorkerState;
import dev.steward.coordinator.deploy.Deployer;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The coordinator's half of each service descriptor: the readiness gate that must pass after its
 * deploy phase before the next service starts. One entry per name in
 * {@link dev.steward.common.service.Services#names()} (a test holds them in step).
 */
public final class ServiceGates {

  /**
   * @param name the phase's name in timings ("zookeeper quorum")
   * @param goal what is waited for, in full, for progress and timeout messages
   * @param check one fresh look; may throw while the service cannot be observed yet
   */
  public record Gate(String name, String goal, Supplier<Readiness> check, Duration timeout) {
  }

  private ServiceGates() {
  }

  public static Gate of(String service, Inventory inventory, Deployer.ClusterObserver observer) {
    return switch (service) {
      case ZooKeeperService.NAME -> new Gate("zookeeper quorum",
          "ZooKeeper quorum (every node serving, one leader, all followers synced)",
          () -> quorum(observer.ensemble()), inventory.rollout().zookeeperReadyTimeout());
      case KafkaService.NAME -> {
        Set<Integer> expected = inventory.brokerHosts().stream().map(h -> h.brokerId().getAsInt())
            .collect(Collectors.toCollection(TreeSet::new));
        yield new Gate("brokers registered", "every broker registered in ZooKeeper " + expected,
            () -> brokers(expected, observer.registeredBrokers()), inventory.rollout().brokerReadyTimeout());
      }
      case ConnectService.NAME -> new Gate("connect workers",
          "every Connect worker " + inventory.connect().hosts() + " healthy in group " + inventory.connect().groupId()
              + ", internal topics created",
          () -> connect(inventory.connect(), observer), inventory.rollout().brokerReadyTimeout());
      default -> throw new IllegalArgumentException("no readiness gate for service " + service);
    };
  }

  private static Readiness quorum(EnsembleSnapshot ensemble) {
    return new Readiness(ensemble.fullySynced(), ensemble.describe());
  }

  private static Readiness brokers(Set<Integer> expected, Set<Integer> registered) {
    return new Readiness(registered.containsAll(expected),
        "registered " + new TreeSet<>(registered) + " of " + expected);
  }

  /**
   * Every worker answers as healthy (a distributed worker only does once it has joined the group
   * and the rebalance finished), all report the same Kafka cluster, and the three internal topics
   * exist with the replication factor the inventory declares.
   */
  static Readiness connect(ConnectSpec connect, Deployer.ClusterObserver observer) {
    ConnectClusterSnapshot snapshot = observer.connect();
    if (!snapshot.allHealthy()) {
      return Readiness.notYet(snapshot.describe());
    }
    Set<String> clusterIds = snapshot.workers().stream().map(WorkerState::kafkaClusterId)
        .collect(Collectors.toSet());
    if (clusterIds.size() > 1) {
      return Readiness.notYet("the workers report different Kafka clusters " + clusterIds);
    }
    Map<String, String> declared = connect.internalTopics();
    Map<String, Integer> actual = observer.replicationFactors(declared.keySet());
    List<String> missing = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    declared.forEach((topic, factor) -> {
      Integer found = actual.get(topic);
      if (found == null) {
        missing.add(topic + " not created yet");
      } else if (!"-1".equals(factor) && found != Integer.parseInt(factor)) {
        // waiting would not change it: Connect never alters an existing topic
        differing.add(topic + " has replication factor " + found + ", not " + factor
            + " (Connect keeps an existing topic's factor: reassign its partitions to change it)");
      }
    });
    if (!missing.isEmpty()) {
      return Readiness.notYet(String.join("; ", missing));
    }
    return Readiness.ready(snapshot.describe() + (differing.isEmpty() ? "" : "; WARNING " + String.join("; ", differing)));
  }
}
