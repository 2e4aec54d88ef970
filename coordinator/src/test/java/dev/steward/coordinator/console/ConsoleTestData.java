package dev.steward.coordinator.console;

import dev.steward.coordinator.health.HealthFixtures;
import dev.steward.coordinator.lag.GroupLag;
import dev.steward.coordinator.lag.GroupMember;
import dev.steward.coordinator.lag.PartitionKey;
import dev.steward.coordinator.lag.PartitionLag;
import dev.steward.coordinator.lag.TopicLag;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.PartitionState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** A fixed console snapshot: the health fixtures' healthy cluster, two topics, one lagging group. */
final class ConsoleTestData {

  static final String NASTY_TOPIC = "x<script>alert(1)</script>";

  private ConsoleTestData() {
  }

  static ConsoleSnapshot snapshot() {
    HealthFixtures fixtures = new HealthFixtures();
    PartitionLag p0 = new PartitionLag(new PartitionKey("orders", 0), OptionalLong.of(10), OptionalLong.of(40),
        OptionalLong.of(30), Optional.empty());
    PartitionLag p1 = new PartitionLag(new PartitionKey("orders", 1), OptionalLong.empty(), OptionalLong.of(5),
        OptionalLong.empty(), Optional.of(new GroupMember("m-1", "client-1", "/127.0.0.1", List.of())));
    fixtures.lag = new java.util.ArrayList<>(List.of(new GroupLag("billing", "Stable", 1,
        List.of(new TopicLag("orders", List.of(p0, p1), 30)), 30)));
    KafkaSnapshot kafka = new KafkaSnapshot(Set.of(1, 2, 3), OptionalInt.of(1), List.of(
        new PartitionState("orders", 0, List.of(1, 2, 3), List.of(1, 2, 3), 1),
        new PartitionState("orders", 1, List.of(2, 3, 1), List.of(2, 3), 2),
        new PartitionState(NASTY_TOPIC, 0, List.of(3, 1, 2), List.of(3, 1, 2), 3)), Map.of());
    return new ConsoleSnapshot(Instant.parse("2026-12-06T05:00:00Z"), 42, fixtures.report(), Optional.of(kafka),
        Map.of("orders", new ConsoleSnapshot.TopicFacts(2048, Map.of("retention.ms", "3600000")),
            NASTY_TOPIC, new ConsoleSnapshot.TopicFacts(0, Map.of())),
        Map.of(1, List.of(new ConsoleSnapshot.LogDir("/var/lib/kafka/logs", 1024))), Optional.empty(), List.of(),
        List.of());
  }
}
