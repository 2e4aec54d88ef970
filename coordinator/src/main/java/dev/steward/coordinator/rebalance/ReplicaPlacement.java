package dev.steward.coordinator.rebalance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Where every partition's replicas are, as a plain value: the snapshot {@link RebalancePlanner}
 * and {@link DrainPlanner} decide over ({@link PlacementReader} fetches it through the Admin API).
 *
 * @param brokers the live brokers and their racks
 * @param replicas every partition's replicas, the preferred leader first; for a partition being
 *     reassigned, the reassignment's target
 * @param sizes each partition's size in bytes (its largest replica), for the progress
 * @param inFlight the partitions with a reassignment under way (not moved again: waited for)
 */
public record ReplicaPlacement(
    SortedMap<Integer, Optional<String>> brokers,
    SortedMap<TopicPartition, List<Integer>> replicas,
    Map<TopicPartition, Long> sizes,
    Set<TopicPartition> inFlight) {

  public ReplicaPlacement {
    brokers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
    replicas = sorted(replicas);
    sizes = Map.copyOf(sizes);
    inFlight = Set.copyOf(inFlight);
  }

  /** Topic, then partition number: plans and their output are in this order. */
  public static final java.util.Comparator<TopicPartition> ORDER =
      java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  /** A placement without racks, sizes or reassignments under way (tests). */
  public static ReplicaPlacement of(Collection<Integer> brokers, Map<TopicPartition, List<Integer>> replicas) {
    SortedMap<Integer, Optional<String>> racks = new TreeMap<>();
    brokers.forEach(b -> racks.put(b, Optional.empty()));
    return new ReplicaPlacement(racks, sorted(replicas), Map.of(), Set.of());
  }

  /** An unmodifiable copy in {@link #ORDER}, the lists copied too. */
  static SortedMap<TopicPartition, List<Integer>> sorted(Map<TopicPartition, List<Integer>> replicas) {
    SortedMap<TopicPartition, List<Integer>> copy = new TreeMap<>(ORDER);
    replicas.forEach((tp, r) -> copy.put(tp, List.copyOf(r)));
    return java.util.Collections.unmodifiableSortedMap(copy);
  }

  public long size(TopicPartition partition) {
    return sizes.getOrDefault(partition, 0L);
  }

  /** Replicas per broker, over {@code brokers} (a broker holding nothing counts 0). */
  public static SortedMap<Integer, Integer> replicaCounts(Map<TopicPartition, List<Integer>> replicas,
      Collection<Integer> brokers) {
    SortedMap<Integer, Integer> counts = new TreeMap<>();
    brokers.forEach(b -> counts.put(b, 0));
    replicas.values().forEach(r -> r.forEach(b -> counts.merge(b, 1, Integer::sum)));
    return counts;
  }

  /** Preferred leaders (first replicas) per broker. */
  public static SortedMap<Integer, Integer> leaderCounts(Map<TopicPartition, List<Integer>> replicas,
      Collection<Integer> brokers) {
    SortedMap<Integer, Integer> counts = new TreeMap<>();
    brokers.forEach(b -> counts.put(b, 0));
    replicas.values().stream().filter(r -> !r.isEmpty()).forEach(r -> counts.merge(r.get(0), 1, Integer::sum));
    return counts;
  }

  public SortedMap<Integer, Integer> replicaCounts() {
    return replicaCounts(replicas, brokers.keySet());
  }

  public SortedMap<Integer, Integer> leaderCounts() {
    return leaderCounts(replicas, brokers.keySet());
  }

  /** The partitions with a replica on {@code broker}. */
  public List<TopicPartition> partitionsOn(int broker) {
    List<TopicPartition> on = new ArrayList<>();
    replicas.forEach((tp, r) -> {
      if (r.contains(broker)) {
        on.add(tp);
      }
    });
    return on;
  }

  /** Every broker id some replica names: live or not. */
  public Set<Integer> brokersHoldingReplicas() {
    Set<Integer> all = new TreeSet<>();
    replicas.values().forEach(all::addAll);
    return all;
  }

  public Optional<String> rack(int broker) {
    return brokers.getOrDefault(broker, Optional.empty());
  }

  /** Racks are used when every given broker names one (the inventory insists on all or none). */
  public boolean rackAware(Collection<Integer> over) {
    return !over.isEmpty() && over.stream().allMatch(b -> rack(b).isPresent());
  }
}
