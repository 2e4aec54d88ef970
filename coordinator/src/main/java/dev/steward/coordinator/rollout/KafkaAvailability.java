package dev.steward.coordinator.rollout;

import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Is it safe to stop broker B now? (docs/rollouts.md rule 9.) For every partition with a replica on B,
 * internal topics included, against the topic's effective {@code min.insync.replicas}:
 * <ul>
 *   <li>fewer in-sync replicas than the minimum: the partition is already failing acks=all
 *       writes; stopping another replica can only hurt. Wait.</li>
 *   <li>exactly the minimum, with B among them: stopping B takes it below. Wait.</li>
 *   <li>a replication factor at or below the minimum (including a single replica): any stop
 *       of any replica makes it unavailable, however long one waits. Stop, naming the topic,
 *       unless the user accepted that topic explicitly.</li>
 * </ul>
 */
public final class KafkaAvailability {

  private KafkaAvailability() {
  }

  /** Why B may not be stopped now; empty when it may. */
  public record Verdict(List<String> waitFor, List<String> neverSafe, Set<String> neverSafeTopics) {

    public boolean safe() {
      return waitFor.isEmpty() && neverSafe.isEmpty();
    }
  }

  /**
   * @param acceptedTopics topics the user allowed to become briefly unavailable
   *     ({@code --allow-unavailable})
   */
  public static Verdict canStop(KafkaSnapshot snapshot, int brokerId, Set<String> acceptedTopics) {
    List<String> waitFor = new ArrayList<>();
    List<String> neverSafe = new ArrayList<>();
    Set<String> neverSafeTopics = new TreeSet<>();
    for (PartitionState partition : snapshot.partitionsWithReplicaOn(brokerId)) {
      int minIsr = snapshot.minInsyncReplicas().getOrDefault(partition.topic(), 1);
      int replicas = partition.replicas().size();
      int inSync = partition.isr().size();
      if (replicas <= minIsr) {
        if (partition.isr().contains(brokerId) && !acceptedTopics.contains(partition.topic())) {
          neverSafeTopics.add(partition.topic());
          neverSafe.add(partition.name() + " has " + replicas + (replicas == 1 ? " replica" : " replicas")
              + " and min.insync.replicas=" + minIsr + ": stopping broker " + brokerId + " makes it "
              + (replicas == 1 ? "offline" : "reject acks=all writes"));
        }
        continue;
      }
      if (inSync < minIsr) {
        waitFor.add(partition.name() + " is under its minimum ISR already (" + inSync + " in sync, min " + minIsr + ")");
      } else if (inSync == minIsr && partition.isr().contains(brokerId)) {
        waitFor.add(partition.name() + " is at its minimum ISR (" + partition.isr() + ", min " + minIsr
            + ") and broker " + brokerId + " is one of them");
      }
    }
    return new Verdict(waitFor, neverSafe, neverSafeTopics);
  }
}
