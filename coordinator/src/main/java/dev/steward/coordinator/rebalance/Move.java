package dev.steward.coordinator.rebalance;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition's reassignment: its replicas before and after (the preferred leader first).
 * A move that only reorders the replicas copies nothing ({@link #bytes} 0): it changes the
 * preferred leader.
 */
public record Move(TopicPartition partition, List<Integer> from, List<Integer> to, long size) {

  public Move {
    from = List.copyOf(from);
    to = List.copyOf(to);
  }

  /** The brokers that receive a copy. */
  public List<Integer> adding() {
    return to.stream().filter(b -> !from.contains(b)).toList();
  }

  /** The brokers that lose their copy. */
  public List<Integer> removing() {
    return from.stream().filter(b -> !to.contains(b)).toList();
  }

  /** Bytes copied: the partition's size for each new replica. */
  public long bytes() {
    return size * adding().size();
  }

  public boolean leaderOnly() {
    return adding().isEmpty() && removing().isEmpty();
  }

  @Override
  public String toString() {
    return partition + " " + from + " -> " + to;
  }
}
