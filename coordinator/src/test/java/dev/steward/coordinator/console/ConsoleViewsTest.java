package dev.steward.coordinator.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.coordinator.status.StatusFormatter;
import org.junit.jupiter.api.Test;

class ConsoleViewsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void statusIsExactlyWhatStatusJsonPrints() throws Exception {
    ConsoleSnapshot snapshot = ConsoleTestData.snapshot();
    JsonNode json = JSON.readTree(ConsoleViews.render(snapshot, new LagHistory(600_000), false));
    assertThat(json.get("status")).isEqualTo(JSON.readTree(StatusFormatter.jsonText(snapshot.status())));
    assertThat(json.at("/meta/actionsAllowed").asBoolean()).isFalse();
    assertThat(json.at("/meta/collectMillis").asLong()).isEqualTo(42);
  }

  @Test
  void brokersCountTheirReplicasAndLeadershipsAndShowTheirDisks() throws Exception {
    JsonNode brokers = JSON.readTree(ConsoleViews.render(ConsoleTestData.snapshot(), new LagHistory(600_000), false))
        .get("brokers");
    assertThat(brokers).hasSize(3);
    JsonNode first = brokers.get(0);
    assertThat(first.get("id").asInt()).isEqualTo(1);
    assertThat(first.get("controller").asBoolean()).isTrue();
    assertThat(first.get("partitions").asInt()).isEqualTo(3);
    assertThat(first.get("leaders").asInt()).isEqualTo(1);
    assertThat(first.at("/disks/0/usableBytes").asLong()).isEqualTo(80L << 30);
    assertThat(first.at("/disks/0/usedBytes").asLong()).isEqualTo((250L << 30) - (80L << 30));
    assertThat(first.at("/logDirs/0/kafkaBytes").asLong()).isEqualTo(1024);
    assertThat(brokers.get(1).get("logDirs")).isEmpty();
  }

  @Test
  void topicsShowPartitionsReplicationIsrSizeAndConfigs() throws Exception {
    JsonNode topics = JSON.readTree(ConsoleViews.render(ConsoleTestData.snapshot(), new LagHistory(600_000), false))
        .get("topics");
    JsonNode orders = topics.get(0);
    assertThat(orders.get("name").asText()).isEqualTo("orders");
    assertThat(orders.get("partitions").asInt()).isEqualTo(2);
    assertThat(orders.get("replicationFactor").asInt()).isEqualTo(3);
    assertThat(orders.get("underReplicated").asInt()).isEqualTo(1);
    assertThat(orders.get("sizeBytes").asLong()).isEqualTo(2048);
    assertThat(orders.at("/configs/retention.ms").asText()).isEqualTo("3600000");
    assertThat(orders.at("/partitionList/1/isr").toString()).isEqualTo("[2,3]");
  }

  @Test
  void aTopicNameWithMarkupStaysAnEscapedStringNeverMarkup() {
    String text = ConsoleViews.render(ConsoleTestData.snapshot(), new LagHistory(600_000), false);
    // the JSON carries the name as a string value (the page inserts it with textContent)
    assertThat(text).contains("\"name\":\"x<script>alert(1)</script>\"");
    assertThat(text).doesNotContain("\"x<script>alert(1)</script>\":");
  }

  @Test
  void groupsCarryPerPartitionLagAndTheHistoryForTheChart() throws Exception {
    ConsoleSnapshot snapshot = ConsoleTestData.snapshot();
    LagHistory history = new LagHistory(60_000);
    history.add(1_000, snapshot.status().inputs().lag());
    history.add(20_000, snapshot.status().inputs().lag());
    history.add(70_000, snapshot.status().inputs().lag());
    JsonNode group = JSON.readTree(ConsoleViews.render(snapshot, history, true)).at("/groups/0");
    assertThat(group.get("group").asText()).isEqualTo("billing");
    assertThat(group.get("totalLag").asLong()).isEqualTo(30);
    assertThat(group.at("/partitions/0/lag").asLong()).isEqualTo(30);
    assertThat(group.at("/partitions/1/lag").isNull()).as("never committed: no lag, as Kafka's tool prints -").isTrue();
    assertThat(group.at("/partitions/1/owner").asText()).isEqualTo("client-1 /127.0.0.1");
    assertThat(group.get("history").toString()).as("points older than the window are dropped")
        .isEqualTo("[[20000,30],[70000,30]]");
  }

  @Test
  void aGroupGoneFromTheClusterIsForgotten() {
    LagHistory history = new LagHistory(60_000);
    history.add(1_000, ConsoleTestData.snapshot().status().inputs().lag());
    history.add(2_000, java.util.List.of());
    assertThat(history.of("billing")).isEmpty();
  }
}
