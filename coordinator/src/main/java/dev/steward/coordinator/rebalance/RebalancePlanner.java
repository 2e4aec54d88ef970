package dev.steward.coordinator.rebalance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * The rebalance decision, pure: from a {@link ReplicaPlacement} and the brokers that should
 * hold the replicas, the reassignments that spread replicas and then preferred leaders evenly
 * (docs/scaling.md). In this order:
 *
 * <ol>
 *   <li>replicas on brokers that are not targets (a broker leaving) go to the least loaded
 *       target that does not hold the partition, in a rack the partition does not use yet;</li>
 *   <li>a partition whose replicas share a rack while another rack is free is spread;</li>
 *   <li>replica counts are evened, per topic first, then over all partitions: one replica at a
 *       time from the most to the least loaded broker, only while their counts differ by two or
 *       more, never into a rack the partition already uses (when racks allow): a replica that can
 *       stay stays, so an even placement is left alone;</li>
 *   <li>preferred leaders are evened the same way, by reordering replicas (no data moves).</li>
 * </ol>
 *
 * Partitions being reassigned are left out (they are waited for). Deterministic: ties go to the
 * lowest broker id and the first partition in topic/partition order.
 */
public final class RebalancePlanner {

  private static final int MAX_STEPS = 1_000_000;
  private static final int MAX_ROUNDS = 10;

  private RebalancePlanner() {
  }

  /**
   * @param targets the brokers that should hold the replicas (the inventory's live brokers)
   * @throws PlanRefusedException when a partition has more replicas than there are targets
   */
  public static RebalancePlan plan(ReplicaPlacement placement, Set<Integer> targets) throws PlanRefusedException {
    if (targets.isEmpty()) {
      throw new PlanRefusedException("no broker to place replicas on: start the inventory's brokers (steward apply)");
    }
    refuseTooFewBrokers(placement, targets, "a rebalance over brokers " + new TreeSet<>(targets));
    Assignment a = new Assignment(placement, targets);
    evacuate(a, b -> !targets.contains(b));
    spreadRacks(a);
    // until nothing changes, so that planning again from the result finds nothing to do
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Map<TopicPartition, List<Integer>> before = a.result();
      for (String topic : topics(a)) {
        balanceReplicas(a, Optional.of(topic));
      }
      balanceReplicas(a, Optional.empty());
      for (String topic : topics(a)) {
        balanceLeaders(a, Optional.of(topic));
      }
      balanceLeaders(a, Optional.empty());
      if (a.result().equals(before)) {
        break;
      }
    }
    return RebalancePlan.between("rebalance", placement, a.result(), shownBrokers(placement, targets));
  }

  /** Targets, then every other broker that holds a replica now (it is being emptied). */
  static List<Integer> shownBrokers(ReplicaPlacement placement, Set<Integer> targets) {
    Set<Integer> all = new TreeSet<>(targets);
    all.addAll(placement.brokersHoldingReplicas());
    return List.copyOf(all);
  }

  /** Refuses when some partition has more replicas than {@code targets} can hold, naming the topics. */
  static void refuseTooFewBrokers(ReplicaPlacement placement, Set<Integer> targets, String what)
      throws PlanRefusedException {
    Map<String, Integer> tooBig = new TreeMap<>();
    placement.replicas().forEach((tp, r) -> {
      if (r.size() > targets.size()) {
        tooBig.merge(tp.topic(), r.size(), Math::max);
      }
    });
    if (!tooBig.isEmpty()) {
      StringBuilder topics = new StringBuilder();
      tooBig.forEach((t, rf) -> topics.append(topics.length() == 0 ? "" : ", ").append(t).append(" (RF ").append(rf)
          .append(')'));
      throw new PlanRefusedException(what + " would leave " + targets.size() + " broker"
          + (targets.size() == 1 ? "" : "s") + ", fewer than the replication factor of " + topics
          + ": add a broker first (add a host with a brokerId to the inventory and run steward apply), or lower "
          + "the topics' replication factor; nothing was changed");
    }
  }

  /** Every replica on a broker {@code leaving} matches moves to the least loaded eligible target. */
  static void evacuate(Assignment a, Predicate<Integer> leaving) throws PlanRefusedException {
    for (Map.Entry<TopicPartition, List<Integer>> e : a.replicas().entrySet()) {
      TopicPartition tp = e.getKey();
      for (Integer from : List.copyOf(e.getValue())) {
        if (!leaving.test(from)) {
          continue;
        }
        Optional<Integer> to = destination(a, tp, from);
        if (to.isEmpty()) {
          throw new PlanRefusedException(tp + ": no broker can take its replica from broker " + from
              + " (every other broker holds it already); add a broker first; nothing was changed");
        }
        a.replace(tp, from, to.get());
      }
    }
  }

  /** The least loaded target not holding {@code tp}, preferring one that keeps the racks spread. */
  private static Optional<Integer> destination(Assignment a, TopicPartition tp, int from) {
    List<Integer> r = a.replicas().get(tp);
    Comparator<Integer> byLoad = Comparator.<Integer>comparingInt(a::count).thenComparing(b -> b);
    List<Integer> free = a.targets().stream().filter(b -> !r.contains(b)).sorted(byLoad).toList();
    return free.stream().filter(b -> a.keepsRacks(tp, from, b)).findFirst().or(() -> free.stream().findFirst());
  }

  /** Partitions with two replicas in one rack while a rack is unused get one replica moved there. */
  static void spreadRacks(Assignment a) {
    if (!a.rackAware()) {
      return;
    }
    for (Map.Entry<TopicPartition, List<Integer>> e : a.replicas().entrySet()) {
      TopicPartition tp = e.getKey();
      List<Integer> r = e.getValue();
      while (a.racks(r) < a.wantedRacks(r.size())) {
        Set<String> seen = new TreeSet<>();
        Integer duplicate = null;
        // the later of two replicas sharing a rack moves (the preferred leader stays)
        for (Integer b : r) {
          if (!seen.add(a.rack(b).orElseThrow())) {
            duplicate = duplicate == null || a.count(b) > a.count(duplicate) ? b : duplicate;
          }
        }
        Set<String> used = new TreeSet<>();
        r.forEach(b -> used.add(a.rack(b).orElseThrow()));
        Optional<Integer> to = a.targets().stream().filter(b -> !used.contains(a.rack(b).orElseThrow()))
            .min(Comparator.<Integer>comparingInt(a::count).thenComparing(b -> b));
        if (duplicate == null || to.isEmpty()) {
          break;
        }
        a.replace(tp, duplicate, to.get());
      }
    }
  }

  private static Set<String> topics(Assignment a) {
    Set<String> topics = new TreeSet<>();
    a.replicas().keySet().forEach(tp -> topics.add(tp.topic()));
    return topics;
  }

  private static Map<Integer, Integer> counts(Assignment a, Optional<String> topic, boolean leaders) {
    Map<Integer, Integer> counts = new TreeMap<>();
    a.targets().forEach(b -> counts.put(b, 0));
    a.replicas().forEach((tp, r) -> {
      if (topic.isEmpty() || topic.get().equals(tp.topic())) {
        for (Integer b : leaders ? r.subList(0, Math.min(1, r.size())) : r) {
          counts.merge(b, 1, Integer::sum);
        }
      }
    });
    return counts;
  }

  /** Moves single replicas from the most to the least loaded broker (within a topic, or overall). */
  static void balanceReplicas(Assignment a, Optional<String> topic) {
    for (int step = 0; step < MAX_STEPS; step++) {
      Map<Integer, Integer> counts = counts(a, topic, false);
      if (!moveOneReplica(a, topic, counts)) {
        return;
      }
    }
  }

  private static boolean moveOneReplica(Assignment a, Optional<String> topic, Map<Integer, Integer> counts) {
    List<Integer> desc = sorted(counts, true, a);
    List<Integer> asc = sorted(counts, false, a);
    for (Integer hi : desc) {
      for (Integer lo : asc) {
        if (counts.get(hi) - counts.get(lo) < 2) {
          break;
        }
        Optional<TopicPartition> tp = replicaToMove(a, topic, hi, lo);
        if (tp.isPresent()) {
          a.replace(tp.get(), hi, lo);
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A partition with a replica on {@code hi} and none on {@code lo} whose racks stay spread;
   * overall (no topic), one whose topic has more replicas on hi than on lo first, so the per-topic
   * spread holds; and a follower before a preferred leader.
   */
  private static Optional<TopicPartition> replicaToMove(Assignment a, Optional<String> topic, int hi, int lo) {
    List<TopicPartition> candidates = new ArrayList<>();
    a.replicas().forEach((tp, r) -> {
      if ((topic.isEmpty() || topic.get().equals(tp.topic())) && r.contains(hi) && !r.contains(lo)
          && a.keepsRacks(tp, hi, lo)) {
        candidates.add(tp);
      }
    });
    Map<String, Map<Integer, Integer>> perTopic = new TreeMap<>();
    Comparator<TopicPartition> preference = Comparator.comparingInt((TopicPartition tp) -> {
      if (topic.isPresent()) {
        return 0;
      }
      Map<Integer, Integer> c = perTopic.computeIfAbsent(tp.topic(), t -> counts(a, Optional.of(t), false));
      return c.get(hi) > c.get(lo) ? 0 : 1;
    }).thenComparingInt(tp -> a.replicas().get(tp).get(0) == hi ? 1 : 0);
    return candidates.stream().sorted(preference.thenComparing(ReplicaPlacement.ORDER)).findFirst();
  }

  /** Reorders replicas so preferred leaders spread evenly (within a topic, or overall). */
  static void balanceLeaders(Assignment a, Optional<String> topic) {
    for (int step = 0; step < MAX_STEPS; step++) {
      Map<Integer, Integer> counts = counts(a, topic, true);
      if (!moveOneLeader(a, topic, counts)) {
        return;
      }
    }
  }

  private static boolean moveOneLeader(Assignment a, Optional<String> topic, Map<Integer, Integer> counts) {
    List<Integer> desc = sorted(counts, true, a);
    List<Integer> asc = sorted(counts, false, a);
    Map<String, Map<Integer, Integer>> perTopic = new TreeMap<>();
    for (Integer hi : desc) {
      for (Integer lo : asc) {
        if (counts.get(hi) - counts.get(lo) < 2) {
          break;
        }
        Optional<TopicPartition> found = a.replicas().entrySet().stream()
            .filter(e -> topic.isEmpty() || topic.get().equals(e.getKey().topic()))
            .filter(e -> e.getValue().get(0) == hi.intValue() && e.getValue().contains(lo))
            .map(Map.Entry::getKey)
            .min(Comparator.comparingInt((TopicPartition tp) -> {
              if (topic.isPresent()) {
                return 0;
              }
              Map<Integer, Integer> c = perTopic.computeIfAbsent(tp.topic(), t -> counts(a, Optional.of(t), true));
              return c.get(hi) > c.get(lo) ? 0 : 1;
            }).thenComparing(ReplicaPlacement.ORDER));
        if (found.isPresent()) {
          a.prefer(found.get(), lo);
          return true;
        }
      }
    }
    return false;
  }

  private static List<Integer> sorted(Map<Integer, Integer> counts, boolean descending, Assignment a) {
    Comparator<Integer> byCount = Comparator.comparingInt(counts::get);
    return counts.keySet().stream()
        .sorted((descending ? byCount.reversed() : byCount).thenComparing(b -> b))
        .toList();
  }
}
