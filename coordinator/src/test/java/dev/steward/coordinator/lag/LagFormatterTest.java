package dev.steward.coordinator.lag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagFormatterTest {

  private static final PartitionKey ORDERS_0 = new PartitionKey("orders", 0);
  private static final PartitionKey ORDERS_1 = new PartitionKey("orders", 1);

  private static List<GroupLag> activeAndStalled() {
    GroupMember indexer = new GroupMember("indexer-1-a2b3", "indexer-1", "/10.0.0.7", List.of(ORDERS_0, ORDERS_1));
    GroupSnapshot active = new GroupSnapshot("search", "Stable", List.of(indexer), Map.of(ORDERS_0, 40L));
    GroupSnapshot stalled = new GroupSnapshot("billing", "Empty", List.of(), Map.of(ORDERS_0, 10L, ORDERS_1, 20L));
    return ConsumerLag.of(new LagSnapshot(List.of(active, stalled), Map.of(ORDERS_0, 50L, ORDERS_1, 70L)));
  }

  @Test
  void textHasATablePerGroupWithDashesWhereThereIsNoNumber() {
    String text = LagFormatter.text(activeAndStalled());

    assertThat(text).isEqualTo("""
        group billing: Empty, 0 members, total lag 90
        TOPIC   PARTITION  COMMITTED  LOG-END  LAG  CLIENT-ID  HOST
        orders  0          10         50       40   -          -
        orders  1          20         70       50   -          -
        orders  total                          90

        group search: Stable, 1 member, total lag 10
        TOPIC   PARTITION  COMMITTED  LOG-END  LAG  CLIENT-ID  HOST
        orders  0          40         50       10   indexer-1  /10.0.0.7
        orders  1          -          70       -    indexer-1  /10.0.0.7
        orders  total                          10
        """);
  }

  @Test
  void groupWithNothingToShowSaysSo() {
    GroupSnapshot idle = new GroupSnapshot("idle", "Empty", List.of(), Map.of());

    assertThat(LagFormatter.text(ConsumerLag.of(new LagSnapshot(List.of(idle), Map.of()))))
        .isEqualTo("group idle: Empty, 0 members, total lag 0\n  no assigned partitions and no committed offsets\n");
    assertThat(LagFormatter.text(List.of())).isEqualTo("no consumer groups\n");
  }

  @Test
  void jsonKeepsItsFieldNamesAndUsesNullForNoNumber() {
    JsonNode json = LagFormatter.json(activeAndStalled());

    JsonNode search = json.at("/groups/1");
    assertThat(search.get("group").asText()).isEqualTo("search");
    assertThat(search.get("state").asText()).isEqualTo("Stable");
    assertThat(search.get("members").asInt()).isEqualTo(1);
    assertThat(search.get("totalLag").asLong()).isEqualTo(10);
    assertThat(search.at("/topics/0/topic").asText()).isEqualTo("orders");
    assertThat(search.at("/topics/0/totalLag").asLong()).isEqualTo(10);
    JsonNode uncommitted = search.at("/topics/0/partitions/1");
    assertThat(uncommitted.get("partition").asInt()).isEqualTo(1);
    assertThat(uncommitted.get("committedOffset").isNull()).isTrue();
    assertThat(uncommitted.get("logEndOffset").asLong()).isEqualTo(70);
    assertThat(uncommitted.get("lag").isNull()).isTrue();
    assertThat(uncommitted.at("/member/clientId").asText()).isEqualTo("indexer-1");
    assertThat(uncommitted.at("/member/memberId").asText()).isEqualTo("indexer-1-a2b3");
    assertThat(uncommitted.at("/member/host").asText()).isEqualTo("/10.0.0.7");
    assertThat(json.at("/groups/0/topics/0/partitions/0/member").isNull()).isTrue();
    assertThat(json.at("/groups/0/topics/0/partitions/0/lag").asLong()).isEqualTo(40);
  }

  @Test
  void jsonTextIsOneDocumentEndingInANewline() {
    assertThat(LagFormatter.jsonText(List.of())).isEqualTo("{\n  \"groups\" : [ ]\n}\n");
  }
}
