package dev.steward.coordinator.rebalance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What a rebalance or drain will do: the moves, in partition order, and the replica and
 * preferred-leader counts per broker before and after.
 *
 * @param brokers the brokers the counts are over (the targets, and any broker being emptied)
 */
public record RebalancePlan(String kind, List<Move> moves, List<Integer> brokers,
    Map<TopicPartition, List<Integer>> before, Map<TopicPartition, List<Integer>> after) {

  public RebalancePlan {
    moves = List.copyOf(moves);
    brokers = List.copyOf(brokers);
    before = ReplicaPlacement.sorted(before);
    after = ReplicaPlacement.sorted(after);
  }

  static RebalancePlan between(String kind, ReplicaPlacement placement, Map<TopicPartition, List<Integer>> target,
      List<Integer> brokers) {
    List<Move> moves = new ArrayList<>();
    placement.replicas().forEach((tp, current) -> {
      List<Integer> wanted = target.get(tp);
      if (wanted != null && !wanted.equals(current)) {
        moves.add(new Move(tp, current, wanted, placement.size(tp)));
      }
    });
    SortedMap<TopicPartition, List<Integer>> before = new TreeMap<>(ReplicaPlacement.ORDER);
    before.putAll(placement.replicas());
    SortedMap<TopicPartition, List<Integer>> after = new TreeMap<>(ReplicaPlacement.ORDER);
    after.putAll(placement.replicas());
    after.putAll(target);
    return new RebalancePlan(kind, moves, brokers, before, after);
  }

  public boolean empty() {
    return moves.isEmpty();
  }

  public SortedMap<Integer, Integer> replicasBefore() {
    return ReplicaPlacement.replicaCounts(before, brokers);
  }

  public SortedMap<Integer, Integer> replicasAfter() {
    return ReplicaPlacement.replicaCounts(after, brokers);
  }

  public SortedMap<Integer, Integer> leadersBefore() {
    return ReplicaPlacement.leaderCounts(before, brokers);
  }

  public SortedMap<Integer, Integer> leadersAfter() {
    return ReplicaPlacement.leaderCounts(after, brokers);
  }

  public long bytes() {
    return moves.stream().mapToLong(Move::bytes).sum();
  }
}
