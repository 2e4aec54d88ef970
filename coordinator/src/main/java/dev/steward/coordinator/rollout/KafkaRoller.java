package dev.steward.coordinator.rollout;

import dev.steward.coordinator.probe.KafkaSnapshot;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Decides the next broker to restart (docs/rollouts.md rules 4, 8, 9, 10), from a snapshot taken just
 * before the decision: the controller is re-read every time because it moves.
 *
 * <ol>
 *   <li>A remaining broker that is down goes first: it serves nothing, so restarting it costs
 *       nothing and brings capacity back.</li>
 *   <li>A broker that is running but not registered is recovering its logs: never restart it;
 *       wait for it.</li>
 *   <li>While any broker of the cluster is down or recovering, or any partition is offline or
 *       under-replicated, no healthy broker is touched.</li>
 *   <li>Otherwise the remaining brokers in id order, the active controller last, each only when
 *       {@link KafkaAvailability} says stopping it keeps every partition writable.</li>
 * </ol>
 */
public final class KafkaRoller {

  private KafkaRoller() {
  }

  public static RollDecision next(List<BrokerState> brokers, KafkaSnapshot snapshot, OptionalInt controller,
      Set<String> remaining, Set<String> acceptedTopics) {
    if (remaining.isEmpty()) {
      return new RollDecision.Done();
    }
    Optional<BrokerState> downButRegistered = brokers.stream()
        .filter(b -> b.down() && b.registered())
        .min(Comparator.comparingInt(BrokerState::id));
    if (downButRegistered.isPresent()) {
      // A dead broker's registration outlives it until its ZooKeeper session times out; a broker
      // started before that fails to register ("node already exists"), so neither it nor any
      // other broker is touched until the registration is gone (or the broker is back).
      return new RollDecision.Wait("broker " + downButRegistered.get().id() + " on " + downButRegistered.get().host()
          + " is down (its agent reports the process not running) while ZooKeeper still holds its registration "
          + "until the old session times out; no broker is restarted until it is back");
    }
    Optional<BrokerState> downAndRemaining = brokers.stream()
        .filter(b -> b.down() && remaining.contains(b.host()))
        .min(Comparator.comparingInt(BrokerState::id));
    if (downAndRemaining.isPresent()) {
      return new RollDecision.Restart(downAndRemaining.get().host(), "broker " + downAndRemaining.get().id()
          + " is down: restarting it first costs no availability");
    }
    Optional<BrokerState> recovering = brokers.stream().filter(BrokerState::recovering).findFirst();
    if (recovering.isPresent()) {
      return new RollDecision.Wait("broker " + recovering.get().id() + " on " + recovering.get().host()
          + " " + recovering.get().describeRecovering() + "; it is never restarted then, and no other "
          + "broker is touched until it is back");
    }
    Optional<BrokerState> down = brokers.stream().filter(BrokerState::down).findFirst();
    if (down.isPresent()) {
      return new RollDecision.Wait("broker " + down.get().id() + " on " + down.get().host()
          + " is down (its agent reports the process not running) and is not part of this rollout; no healthy "
          + "broker is restarted while another is down");
    }
    if (snapshot.offlineCount() > 0) {
      return new RollDecision.Wait(snapshot.offlineCount() + " partitions are offline");
    }
    if (snapshot.underReplicatedCount() > 0) {
      // Some replica somewhere is not caught up: the cluster is not healthy, and a restart now
      // would stack a second missing replica on top of it (docs/rollouts.md rules 2 and 4).
      return new RollDecision.Wait(snapshot.underReplicatedCount() + " partitions are under-replicated (e.g. "
          + snapshot.partitions().stream().filter(p -> p.underReplicated()).findFirst().orElseThrow().name()
          + "); no healthy broker is restarted until every replica is back in sync");
    }
    int controllerId = controller.orElse(-1);
    List<BrokerState> candidates = brokers.stream()
        .filter(b -> remaining.contains(b.host()))
        .sorted(Comparator.comparing((BrokerState b) -> b.id() == controllerId).thenComparingInt(BrokerState::id))
        .toList();
    if (candidates.isEmpty()) {
      return new RollDecision.Done();
    }
    BrokerState next = candidates.get(0);
    KafkaAvailability.Verdict verdict = KafkaAvailability.canStop(snapshot, next.id(), acceptedTopics);
    if (!verdict.neverSafe().isEmpty()) {
      return new RollDecision.Stop("restarting broker " + next.id() + " would make topic(s) "
          + String.join(", ", verdict.neverSafeTopics()) + " unavailable: " + String.join("; ", verdict.neverSafe())
          + ". Raise their replication factor above min.insync.replicas (or lower min.insync.replicas), or accept "
          + "it explicitly with --allow-unavailable " + String.join(",", verdict.neverSafeTopics()));
    }
    if (!verdict.waitFor().isEmpty()) {
      return new RollDecision.Wait("broker " + next.id() + " cannot be stopped yet: " + summarize(verdict.waitFor()));
    }
    return new RollDecision.Restart(next.host(), next.id() == controllerId
        ? "broker " + next.id() + ", the active controller, last"
        : "broker " + next.id());
  }

  private static String summarize(List<String> reasons) {
    return reasons.size() <= 3 ? String.join("; ", reasons)
        : String.join("; ", reasons.subList(0, 3)) + "; and " + (reasons.size() - 3) + " more";
  }
}
