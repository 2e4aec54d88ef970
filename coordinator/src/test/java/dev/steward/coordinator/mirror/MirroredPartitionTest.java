package dev.steward.coordinator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MirroredPartitionTest {

  private static MirroredPartition partition(long sourceStart, long sourceEnd, Long targetEnd, OffsetSyncRecord sync) {
    return new MirroredPartition("orders", 0, sourceStart, sourceEnd, Optional.ofNullable(targetEnd),
        Optional.ofNullable(sync));
  }

  @Test
  void aCaughtUpPartitionHasNoLag() {
    assertThat(partition(0, 100, 100L, new OffsetSyncRecord("orders", 0, 99, 99)).lag()).isZero();
  }

  @Test
  void recordsAfterTheNewestSyncCountOneForOne() {
    // sync 50 -> 50, ten more records copied: the mirror reached source offset 60 of 100
    assertThat(partition(0, 100, 61L, new OffsetSyncRecord("orders", 0, 50, 50)).lag()).isEqualTo(39);
  }

  @Test
  void offsetsThatDifferBetweenTheClustersAreFollowedThroughTheSync() {
    // the source had deleted its first 1000 records before the mirror started: offsets differ by 1000
    assertThat(partition(1000, 1500, 450L, new OffsetSyncRecord("orders", 0, 1400, 400)).lag()).isEqualTo(50);
  }

  @Test
  void withoutASyncOrATargetEverythingOnTheSourceIsBehind() {
    assertThat(partition(20, 100, null, null).lag()).isEqualTo(80);
    assertThat(partition(20, 100, 0L, null).lag()).isEqualTo(80);
  }

  @Test
  void lagIsNeverNegative() {
    // the target's end read a moment after the source's
    assertThat(partition(0, 100, 105L, new OffsetSyncRecord("orders", 0, 99, 99)).lag()).isZero();
  }

  @Test
  void anOffsetSyncRecordReadsBackWhatMirrorMakerWrites() {
    OffsetSyncRecord sync = new OffsetSyncRecord("orders.eu", 7, 123_456_789_012L, 42);
    byte[][] record = sync.encode();
    assertThat(OffsetSyncRecord.decode(record[0], record[1])).isEqualTo(sync);
    // key: INT16 length + topic + INT32 partition; value: two INT64 (MM2's OffsetSync schemas)
    assertThat(record[0]).hasSize(2 + "orders.eu".length() + 4);
    assertThat(record[1]).hasSize(16);
  }
}
