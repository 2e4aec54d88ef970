package dev.steward.coordinator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.coordinator.connect.ConnectorStatus;
import dev.steward.coordinator.connect.TaskStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MirrorStatusReportTest {

  private static MirrorStatus status(Optional<ConnectorStatus> checkpoint) {
    Map<String, Optional<ConnectorStatus>> connectors = new LinkedHashMap<>();
    connectors.put("east-mirror-source", Optional.of(new ConnectorStatus("east-mirror-source", "RUNNING", "w1",
        "source", List.of(new TaskStatus(0, "RUNNING", "w1", null)))));
    connectors.put("east-mirror-checkpoint", checkpoint);
    MirroredPartition p0 = new MirroredPartition("orders", 0, 0, 100, Optional.of(90L),
        Optional.of(new OffsetSyncRecord("orders", 0, 80, 80)));
    MirroredPartition p1 = new MirroredPartition("orders", 1, 0, 50, Optional.of(50L),
        Optional.of(new OffsetSyncRecord("orders", 1, 49, 49)));
    TranslatedOffset group = new TranslatedOffset("billing", "orders", "east.orders", 0, Optional.of(85L),
        Optional.of(80L), Optional.of(81L), Optional.empty());
    return new MirrorStatus("east", "east", "10.0.1.1:9092", "prefixed", connectors,
        List.of(new MirrorStatus.TopicMirror("orders", "east.orders", List.of(p0, p1))), List.of(group),
        Optional.empty());
  }

  @Test
  void theTextShowsTopicsLagLastSyncsAndTranslatedOffsets() {
    String text = MirrorStatusReport.text(List.of(status(Optional.empty())));
    assertThat(text).contains("mirror east: from east (10.0.1.1:9092), policy prefixed")
        .contains("east-mirror-checkpoint").contains("MISSING (run steward apply)")
        .contains("0: 80 -> 80  1: 49 -> 49")
        .contains("80 -> 81");
    String topicLine = text.lines().filter(l -> l.contains("east.orders") && l.contains("150")).findFirst()
        .orElseThrow();
    assertThat(topicLine.split("\\s+")).contains("150", "140", "10");
  }

  @Test
  void theJsonHasEveryFigurePerPartitionAndGroup() {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode mirror = MirrorStatusReport.json(mapper, List.of(status(Optional.empty()))).at("/mirrors/0");
    assertThat(mirror.get("healthy").asBoolean()).as("a connector is missing").isFalse();
    assertThat(mirror.at("/topics/0/lag").asLong()).isEqualTo(10);
    assertThat(mirror.at("/topics/0/partitions/0/lastSync/upstream").asLong()).isEqualTo(80);
    assertThat(mirror.at("/connectors/1/state").asText()).isEqualTo("MISSING");
    assertThat(mirror.at("/groups/0/translated").asLong()).isEqualTo(81);
    assertThat(mirror.at("/groups/0/targetCommitted").isNull()).isTrue();
  }

  @Test
  void healthyWhenEveryConnectorRunsWithItsTasks() {
    ConnectorStatus running = new ConnectorStatus("east-mirror-checkpoint", "RUNNING", "w1", "source", List.of());
    assertThat(status(Optional.of(running)).healthy()).isTrue();
    ConnectorStatus failed = new ConnectorStatus("east-mirror-checkpoint", "RUNNING", "w1", "source",
        List.of(new TaskStatus(0, "FAILED", "w1", "java.lang.IllegalStateException: boom\n\tat x")));
    assertThat(status(Optional.of(failed)).healthy()).isFalse();
    assertThat(MirrorStatusReport.text(List.of(status(Optional.of(failed)))))
        .contains("task 0 FAILED: java.lang.IllegalStateException: boom");
  }
}
