package dev.steward.coordinator.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

  private static final PartitionKey ORDERS_0 = new PartitionKey("orders", 0);
  private static final PartitionKey ORDERS_1 = new PartitionKey("orders", 1);
  private static final PartitionKey ORDERS_2 = new PartitionKey("orders", 2);
  private static final PartitionKey PAYMENTS_0 = new PartitionKey("payments", 0);

  private static GroupMember member(String clientId, PartitionKey... assignment) {
    return new GroupMember(clientId + "-5f1c", clientId, "/10.0.0.7", List.of(assignment));
  }

  private static GroupLag only(GroupSnapshot group, Map<PartitionKey, Long> logEnds) {
    List<GroupLag> lag = ConsumerLag.of(new LagSnapshot(List.of(group), logEnds));
    assertThat(lag).hasSize(1);
    return lag.get(0);
  }

  private static PartitionLag row(GroupLag group, PartitionKey partition) {
    return group.topics().stream().flatMap(t -> t.partitions().stream()).filter(p -> p.partition().equals(partition))
        .findFirst().orElseThrow(() -> new AssertionError("no row for " + partition));
  }

  @Test
  void stalledGroupShowsGrowingLag() {
    GroupSnapshot stalled = new GroupSnapshot("billing", "Empty", List.of(), Map.of(ORDERS_0, 3L, ORDERS_1, 5L));

    GroupLag before = only(stalled, Map.of(ORDERS_0, 10L, ORDERS_1, 5L));
    GroupLag after = only(stalled, Map.of(ORDERS_0, 25L, ORDERS_1, 9L));

    assertThat(before.state()).isEqualTo("Empty");
    assertThat(before.members()).isZero();
    assertThat(row(before, ORDERS_0).lag()).hasValue(7);
    assertThat(row(before, ORDERS_1).lag()).hasValue(0);
    assertThat(before.totalLag()).isEqualTo(7);
    assertThat(after.totalLag()).isEqualTo(22 + 4);
    assertThat(row(after, ORDERS_0).owner()).as("nobody consumes a stalled group's partitions").isEmpty();
  }

  @Test
  void partitionWithoutCommitShowsNoLag() {
    GroupSnapshot active = new GroupSnapshot("search", "Stable", List.of(member("indexer", ORDERS_0, ORDERS_1)),
        Map.of(ORDERS_0, 40L));

    GroupLag lag = only(active, Map.of(ORDERS_0, 50L, ORDERS_1, 70L));

    PartitionLag uncommitted = row(lag, ORDERS_1);
    assertThat(uncommitted.committedOffset()).isEmpty();
    assertThat(uncommitted.logEndOffset()).hasValue(70);
    assertThat(uncommitted.lag()).as("no commit, nothing to measure from").isEmpty();
    assertThat(uncommitted.owner().map(GroupMember::clientId)).hasValue("indexer");
    assertThat(lag.totalLag()).as("only measured partitions count").isEqualTo(10);
  }

  @Test
  void committedPartitionNoMemberOwnsIsStillShown() {
    GroupSnapshot active = new GroupSnapshot("search", "Stable", List.of(member("indexer", ORDERS_0)),
        Map.of(ORDERS_0, 5L, ORDERS_2, 1L));

    GroupLag lag = only(active, Map.of(ORDERS_0, 5L, ORDERS_2, 4L));

    assertThat(lag.topics().get(0).partitions()).extracting(PartitionLag::partition).containsExactly(ORDERS_0, ORDERS_2);
    assertThat(row(lag, ORDERS_2).owner()).isEmpty();
    assertThat(row(lag, ORDERS_2).lag()).hasValue(3);
  }

  @Test
  void totalsAreKeptPerTopicAndPerGroup() {
    GroupSnapshot group = new GroupSnapshot("etl", "Stable", List.of(member("a", ORDERS_0, ORDERS_1), member("b", PAYMENTS_0)),
        Map.of(ORDERS_0, 1L, ORDERS_1, 2L, PAYMENTS_0, 3L));

    GroupLag lag = only(group, Map.of(ORDERS_0, 11L, ORDERS_1, 12L, PAYMENTS_0, 103L));

    assertThat(lag.topics()).extracting(TopicLag::topic).containsExactly("orders", "payments");
    assertThat(lag.topics()).extracting(TopicLag::totalLag).containsExactly(20L, 100L);
    assertThat(lag.totalLag()).isEqualTo(120);
    assertThat(lag.members()).isEqualTo(2);
  }

  @Test
  void deletedTopicHasNoLogEndAndNoLag() {
    GroupSnapshot group = new GroupSnapshot("old", "Empty", List.of(), Map.of(ORDERS_0, 8L));

    GroupLag lag = only(group, Map.of());

    assertThat(row(lag, ORDERS_0).committedOffset()).hasValue(8);
    assertThat(row(lag, ORDERS_0).logEndOffset()).isEmpty();
    assertThat(row(lag, ORDERS_0).lag()).isEmpty();
    assertThat(lag.totalLag()).isZero();
  }

  @Test
  void commitPastTheLogEndShowsNegativeLagAsKafkasToolDoes() {
    GroupSnapshot group = new GroupSnapshot("replayed", "Empty", List.of(), Map.of(ORDERS_0, 30L));

    assertThat(row(only(group, Map.of(ORDERS_0, 20L)), ORDERS_0).lag()).isEqualTo(OptionalLong.of(-10));
  }

  @Test
  void commitOfMinusOneMeansNoCommit() {
    GroupSnapshot group = new GroupSnapshot("legacy", "Empty", List.of(), Map.of(ORDERS_0, -1L));

    PartitionLag row = row(only(group, Map.of(ORDERS_0, 20L)), ORDERS_0);

    assertThat(row.committedOffset()).isEmpty();
    assertThat(row.lag()).isEmpty();
  }

  @Test
  void groupsByNameAndPartitionsByNumberNotByText() {
    PartitionKey orders10 = new PartitionKey("orders", 10);
    GroupSnapshot zeta = new GroupSnapshot("zeta", "Empty", List.of(), Map.of(orders10, 1L, ORDERS_2, 1L));
    GroupSnapshot alpha = new GroupSnapshot("alpha", "Empty", List.of(), Map.of());

    List<GroupLag> lag = ConsumerLag.of(new LagSnapshot(List.of(zeta, alpha), Map.of(orders10, 1L, ORDERS_2, 1L)));

    assertThat(lag).extracting(GroupLag::group).containsExactly("alpha", "zeta");
    assertThat(lag.get(1).topics().get(0).partitions()).extracting(p -> p.partition().partition()).containsExactly(2, 10);
    assertThat(lag.get(0).hasPartitions()).isFalse();
  }

  @Test
  void partitionAssignedTwiceDuringARebalanceIsOneRow() {
    GroupSnapshot group = new GroupSnapshot("g", "PreparingRebalance",
        List.of(member("a", ORDERS_0), member("b", ORDERS_0)), Map.of(ORDERS_0, 1L));

    GroupLag lag = only(group, Map.of(ORDERS_0, 2L));

    assertThat(lag.topics().get(0).partitions()).hasSize(1);
    assertThat(lag.totalLag()).isEqualTo(1);
  }
}
