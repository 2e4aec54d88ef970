package dev.steward.coordinator.rebalance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Which moves to submit next, pure: never more than {@code maxInFlight} reassignments under way
 * at once, counting every reassignment the cluster reports (also ones this run did not start:
 * a crashed run's, which are waited for and never submitted again).
 */
public final class ReassignmentSchedule {

  private ReassignmentSchedule() {
  }

  /**
   * @param pending the plan's moves not submitted yet, in plan order
   * @param underWay the partitions being reassigned now
   */
  public static List<Move> next(List<Move> pending, Set<TopicPartition> underWay, int maxInFlight) {
    int room = maxInFlight - underWay.size();
    List<Move> next = new ArrayList<>();
    for (Move move : pending) {
      if (next.size() >= room) {
        break;
      }
      if (!underWay.contains(move.partition())) {
        next.add(move);
      }
    }
    return next;
  }

  /** The moves of {@code moves} whose partition is being reassigned already: adopted, not submitted. */
  public static List<Move> adopted(Collection<Move> moves, Set<TopicPartition> underWay) {
    return moves.stream().filter(m -> underWay.contains(m.partition())).toList();
  }
}
