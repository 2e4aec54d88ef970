package dev.steward.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaRollerTest {

  private static final Set<String> ALL = Set.of("h1", "h2", "h3");

  private static List<BrokerState> allUp() {
    return List.of(new BrokerState(1, "h1", true, true, true), new BrokerState(2, "h2", true, true, true),
        new BrokerState(3, "h3", true, true, true));
  }

  /** Three brokers, one RF-3 topic with min ISR 2, every ISR full. */
  private static KafkaSnapshot healthy() {
    return snapshot(List.of(
        new PartitionState("orders", 0, List.of(1, 2, 3), List.of(1, 2, 3), 1),
        new PartitionState("orders", 1, List.of(2, 3, 1), List.of(2, 3, 1), 2),
        new PartitionState("__consumer_offsets", 0, List.of(3, 1, 2), List.of(3, 1, 2), 3)),
        Map.of("orders", 2, "__consumer_offsets", 2));
  }

  private static KafkaSnapshot snapshot(List<PartitionState> partitions, Map<String, Integer> minIsr) {
    return new KafkaSnapshot(Set.of(1, 2, 3), OptionalInt.of(2), partitions, minIsr);
  }

  private static String restarted(RollDecision decision) {
    assertThat(decision).isInstanceOf(RollDecision.Restart.class);
    return ((RollDecision.Restart) decision).host();
  }

  @Test
  void controllerLast() {
    List<String> order = new ArrayList<>();
    Set<String> remaining = new java.util.HashSet<>(ALL);
    while (!remaining.isEmpty()) {
      String host = restarted(KafkaRoller.next(allUp(), healthy(), OptionalInt.of(2), remaining, Set.of()));
      order.add(host);
      remaining.remove(host);
    }

    assertThat(order).containsExactly("h1", "h3", "h2");
  }

  @Test
  void controllerMovedMidRoll() {
    // Broker 2 was the controller at the start; after broker 1 restarted, broker 3 took over.
    RollDecision decision = KafkaRoller.next(allUp(), healthy(), OptionalInt.of(3), Set.of("h2", "h3"), Set.of());

    assertThat(restarted(decision)).isEqualTo("h2");
  }

  @Test
  void downBrokerFirst() {
    List<BrokerState> brokers = List.of(new BrokerState(1, "h1", true, true, true), new BrokerState(2, "h2", true, true, true),
        new BrokerState(3, "h3", false, false, false));

    assertThat(restarted(KafkaRoller.next(brokers, healthy(), OptionalInt.of(1), ALL, Set.of()))).isEqualTo("h3");
  }

  @Test
  void recoveringBrokerIsNeverRestartedAndBlocksTheOthers() {
    List<BrokerState> brokers = List.of(new BrokerState(1, "h1", true, true, true), new BrokerState(2, "h2", true, true, true),
        new BrokerState(3, "h3", true, true, false));

    RollDecision decision = KafkaRoller.next(brokers, healthy(), OptionalInt.of(1), ALL, Set.of());

    assertThat(decision).isInstanceOf(RollDecision.Wait.class);
    assertThat(((RollDecision.Wait) decision).reason()).contains("recovering");
  }

  @Test
  void anotherBrokerDownOutsideTheRolloutWaits() {
    List<BrokerState> brokers = List.of(new BrokerState(1, "h1", true, true, true), new BrokerState(2, "h2", true, true, true),
        new BrokerState(3, "h3", false, false, false));

    RollDecision decision = KafkaRoller.next(brokers, healthy(), OptionalInt.of(1), Set.of("h1", "h2"), Set.of());

    assertThat(decision).isInstanceOf(RollDecision.Wait.class);
  }

  @Test
  void killedBrokerStillRegisteredAndInEveryIsrIsWaitedForNotRestartedAndBlocksTheOthers() {
    // the agent saw the process die; ZooKeeper and the ISR will say so only when the session expires
    List<BrokerState> brokers = List.of(new BrokerState(1, "h1", true, true, true),
        new BrokerState(2, "h2", true, true, true), new BrokerState(3, "h3", false, false, true));

    RollDecision decision = KafkaRoller.next(brokers, healthy(), OptionalInt.of(1), ALL, Set.of());

    assertThat(decision).isInstanceOf(RollDecision.Wait.class);
    assertThat(((RollDecision.Wait) decision).reason()).contains("broker 3 on h3 is down")
        .contains("still holds its registration");
  }

  @Test
  void runningBrokerThatDoesNotAcceptConnectionsIsNeverRestartedAndBlocksTheOthers() {
    List<BrokerState> brokers = List.of(new BrokerState(1, "h1", true, true, true),
        new BrokerState(2, "h2", true, false, true), new BrokerState(3, "h3", true, true, true));

    RollDecision decision = KafkaRoller.next(brokers, healthy(), OptionalInt.of(3), ALL, Set.of());

    assertThat(decision).isInstanceOf(RollDecision.Wait.class);
    assertThat(((RollDecision.Wait) decision).reason()).contains("broker 2").contains("does not accept connections");
  }

  @Test
  void underReplicatedPartitionElsewhereWaits() {
    // orders-5 lives on brokers 2 and 3 only and has lost broker 3 from its ISR: broker 1 is not
    // involved, but the cluster is not healthy.
    KafkaSnapshot snapshot = snapshot(List.of(
        new PartitionState("orders", 0, List.of(1, 2, 3), List.of(1, 2, 3), 1),
        new PartitionState("orders", 5, List.of(2, 3), List.of(2), 2)),
        Map.of("orders", 1));

    RollDecision decision = KafkaRoller.next(allUp(), snapshot, OptionalInt.of(3), Set.of("h1"), Set.of());

    assertThat(decision).isInstanceOf(RollDecision.Wait.class);
    assertThat(((RollDecision.Wait) decision).reason()).contains("under-replicated").contains("orders-5");
  }

  @Test
  void belowMinIsr() {
    KafkaSnapshot snapshot = snapshot(List.of(new PartitionState("orders", 0, List.of(1, 2, 3), List.of(2), 2)),
        Map.of("orders", 2));

    KafkaAvailability.Verdict verdict = KafkaAvailability.canStop(snapshot, 1, Set.of());

    assertThat(verdict.safe()).isFalse();
    assertThat(verdict.waitFor()).singleElement().asString().contains("orders-0").contains("under its minimum ISR");
    assertThat(KafkaRoller.next(allUp(), snapshot, OptionalInt.of(3), Set.of("h1"), Set.of()))
        .isInstanceOf(RollDecision.Wait.class);
  }

  @Test
  void atMinIsrAndInIsr() {
    KafkaSnapshot snapshot = snapshot(List.of(new PartitionState("orders", 0, List.of(1, 2, 3), List.of(1, 2), 2)),
        Map.of("orders", 2));

    KafkaAvailability.Verdict verdict = KafkaAvailability.canStop(snapshot, 1, Set.of());

    assertThat(verdict.waitFor()).singleElement().asString().contains("at its minimum ISR");
    assertThat(KafkaRoller.next(allUp(), snapshot, OptionalInt.of(3), Set.of("h1"), Set.of()))
        .isInstanceOf(RollDecision.Wait.class);
  }

  @Test
  void atMinIsrButNotInIsrIsSafeForThatBroker() {
    KafkaSnapshot snapshot = snapshot(List.of(new PartitionState("orders", 0, List.of(1, 2, 3), List.of(2, 3), 2)),
        Map.of("orders", 2));

    assertThat(KafkaAvailability.canStop(snapshot, 1, Set.of()).safe()).isTrue();
  }

  @Test
  void internalTopicsCountToo() {
    KafkaSnapshot snapshot = snapshot(List.of(
        new PartitionState("__consumer_offsets", 7, List.of(1, 2, 3), List.of(1, 3), 1)),
        Map.of("__consumer_offsets", 2));

    assertThat(KafkaAvailability.canStop(snapshot, 1, Set.of()).waitFor()).singleElement().asString()
        .contains("__consumer_offsets-7");
  }

  @Test
  void minIsrEqualToReplicationFactorStopsNamingTheTopic() {
    KafkaSnapshot snapshot = snapshot(List.of(new PartitionState("payments", 0, List.of(1, 2, 3), List.of(1, 2, 3), 1)),
        Map.of("payments", 3));

    RollDecision decision = KafkaRoller.next(allUp(), snapshot, OptionalInt.of(3), Set.of("h1"), Set.of());

    assertThat(decision).isInstanceOf(RollDecision.Stop.class);
    assertThat(((RollDecision.Stop) decision).reason()).contains("payments").contains("--allow-unavailable payments");
  }

  @Test
  void singleReplicaTopicStopsBecauseARestartTakesItOffline() {
    KafkaSnapshot snapshot = snapshot(List.of(new PartitionState("scratch", 0, List.of(1), List.of(1), 1)),
        Map.of("scratch", 1));

    RollDecision decision = KafkaRoller.next(allUp(), snapshot, OptionalInt.of(3), Set.of("h1"), Set.of());

    assertThat(decision).isInstanceOf(RollDecision.Stop.class);
    assertThat(((RollDecision.Stop) decision).reason()).contains("scratch").contains("offline");
  }

  @Test
  void explicitlyAcceptedTopicDoesNotBlock() {
    KafkaSnapshot snapshot = snapshot(List.of(new PartitionState("scratch", 0, List.of(1), List.of(1), 1)),
        Map.of("scratch", 1));

    assertThat(restarted(KafkaRoller.next(allUp(), snapshot, OptionalInt.of(3), Set.of("h1"), Set.of("scratch"))))
        .isEqualTo("h1");
  }

  @Test
  void replicasOnOtherBrokersDoNotBlock() {
    KafkaSnapshot snapshot = snapshot(List.of(new PartitionState("orders", 0, List.of(2, 3), List.of(2), 2)),
        Map.of("orders", 2));

    assertThat(KafkaAvailability.canStop(snapshot, 1, Set.of()).safe()).isTrue();
  }

  @Test
  void offlinePartitionsWait() {
    KafkaSnapshot snapshot = snapshot(List.of(new PartitionState("orders", 0, List.of(2), List.of(), -1)),
        Map.of("orders", 1));

    assertThat(KafkaRoller.next(allUp(), snapshot, OptionalInt.of(3), Set.of("h1"), Set.of()))
        .isInstanceOf(RollDecision.Wait.class);
  }

  @Test
  void readyOnlyWhenRegisteredAndCaughtUp() {
    KafkaSnapshot lagging = snapshot(List.of(new PartitionState("orders", 0, List.of(1, 2, 3), List.of(2, 3), 2)),
        Map.of("orders", 2));

    assertThat(BrokerReadiness.ready(1, Set.of(2, 3), healthy())).isFalse();
    assertThat(BrokerReadiness.ready(1, Set.of(1, 2, 3), lagging)).isFalse();
    assertThat(BrokerReadiness.ready(1, Set.of(1, 2, 3), healthy())).isTrue();
  }
}
