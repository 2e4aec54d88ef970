package dev.steward.coordinator.rebalance;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The drain decision, pure: every replica off one broker, each onto the least loaded other
 * broker that does not hold the partition (in a rack the partition does not use yet, when racks
 * allow), in the same position in the replica list, so a preferred leadership goes to the
 * replica that replaces it. Nothing else moves.
 *
 * <p>Refused (docs/scaling.md), with nothing changed: a drain that would leave fewer brokers
 * than some topic's replication factor (there would be nowhere to put a copy). A partition
 * with one replica (RF 1) is moved like any other: the reassignment copies it to the new broker
 * and only then drops the old copy, so no data is lost (its clients see one leader change).
 */
public final class DrainPlanner {

  private DrainPlanner() {
  }

  /**
   * @param broker the broker to empty
   * @param others the brokers that may take its replicas (the inventory's live brokers but it)
   */
  public static RebalancePlan plan(ReplicaPlacement placement, int broker, Set<Integer> others)
      throws PlanRefusedException {
    Set<Integer> targets = new TreeSet<>(others);
    targets.remove(broker);
    List<TopicPartition> on = placement.partitionsOn(broker);
    if (!on.isEmpty()) {
      ReplicaPlacement holding = new ReplicaPlacement(placement.brokers(),
          ReplicaPlacement.sorted(placement.replicas().entrySet().stream().filter(e -> e.getValue().contains(broker))
              .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue))),
          placement.sizes(), placement.inFlight());
      RebalancePlanner.refuseTooFewBrokers(holding, targets, "draining broker " + broker);
    }
    Assignment a = new Assignment(placement, targets);
    RebalancePlanner.evacuate(a, b -> b == broker);
    Set<Integer> shown = new TreeSet<>(targets);
    shown.add(broker);
    // a partition being reassigned is left out: the executor waits for it and the caller plans
    // again afterwards, in case its target still names the broker
    return RebalancePlan.between("drain", placement, a.result(), List.copyOf(shown));
  }
}
