package dev.steward.coordinator.rebalance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The planners' working copy: every movable partition's replicas, changed one replica at a
 * time, with the counts per broker kept alongside. Replaces a replica in place, so a moved
 * preferred leader's replacement is the new preferred leader.
 */
final class Assignment {

  private final ReplicaPlacement placement;
  private final SortedMap<TopicPartition, List<Integer>> replicas = new TreeMap<>(ReplicaPlacement.ORDER);
  private final SortedMap<Integer, Integer> counts = new TreeMap<>();
  private final SortedMap<Integer, Integer> leaders = new TreeMap<>();
  private final Set<Integer> targets;
  private final int rackCount;

  /** Every partition except those being reassigned, over {@code targets} (the brokers that keep or get replicas). */
  Assignment(ReplicaPlacement placement, Set<Integer> targets) {
    this.placement = placement;
    this.targets = Set.copyOf(targets);
    targets.forEach(b -> {
      counts.put(b, 0);
      leaders.put(b, 0);
    });
    placement.replicas().forEach((tp, r) -> {
      if (!placement.inFlight().contains(tp)) {
        replicas.put(tp, new ArrayList<>(r));
        r.forEach(b -> counts.merge(b, 1, Integer::sum));
        if (!r.isEmpty()) {
          leaders.merge(r.get(0), 1, Integer::sum);
        }
      }
    });
    this.rackCount = placement.rackAware(targets)
        ? (int) targets.stream().map(b -> placement.rack(b).orElseThrow()).distinct().count() : 0;
  }

  SortedMap<TopicPartition, List<Integer>> replicas() {
    return replicas;
  }

  int count(int broker) {
    return counts.getOrDefault(broker, 0);
  }

  int leaders(int broker) {
    return leaders.getOrDefault(broker, 0);
  }

  Set<Integer> targets() {
    return targets;
  }

  boolean rackAware() {
    return rackCount > 0;
  }

  /** The distinct racks of a replica list (0 without racks). */
  int racks(List<Integer> list) {
    if (!rackAware()) {
      return 0;
    }
    Set<String> racks = new HashSet<>();
    list.forEach(b -> placement.rack(b).ifPresent(racks::add));
    return racks.size();
  }

  /** How many distinct racks a partition of {@code size} replicas should span: all it can. */
  int wantedRacks(int size) {
    return Math.min(size, rackCount);
  }

  Optional<String> rack(int broker) {
    return placement.rack(broker);
  }

  /** Replaces {@code from} by {@code to} in the partition's replicas, at the same position. */
  void replace(TopicPartition tp, int from, int to) {
    List<Integer> r = replicas.get(tp);
    int i = r.indexOf(from);
    r.set(i, to);
    counts.merge(from, -1, Integer::sum);
    counts.merge(to, 1, Integer::sum);
    if (i == 0) {
      leaders.merge(from, -1, Integer::sum);
      leaders.merge(to, 1, Integer::sum);
    }
  }

  /** Moves {@code broker} to the front of the partition's replicas: it becomes the preferred leader. */
  void prefer(TopicPartition tp, int broker) {
    List<Integer> r = replicas.get(tp);
    int old = r.get(0);
    r.remove(Integer.valueOf(broker));
    r.add(0, broker);
    leaders.merge(old, -1, Integer::sum);
    leaders.merge(broker, 1, Integer::sum);
  }

  /** Whether replacing {@code from} by {@code to} keeps the partition's racks as spread as before (or better). */
  boolean keepsRacks(TopicPartition tp, int from, int to) {
    if (!rackAware()) {
      return true;
    }
    List<Integer> r = replicas.get(tp);
    List<Integer> moved = new ArrayList<>(r);
    moved.set(moved.indexOf(from), to);
    return racks(moved) >= Math.min(racks(r), wantedRacks(r.size())) || racks(moved) >= wantedRacks(r.size());
  }

  Map<TopicPartition, List<Integer>> result() {
    Map<TopicPartition, List<Integer>> copy = new TreeMap<>(ReplicaPlacement.ORDER);
    replicas.forEach((tp, r) -> copy.put(tp, List.copyOf(r)));
    return copy;
  }
}
