package dev.steward.coordinator.mirror;

import java.util.Optional;

/**
 * One source partition and its mirror on this cluster, as observed.
 *
 * @param sourceEnd the source partition's log-end offset
 * @param targetEnd the mirrored partition's log-end offset; empty while it does not exist
 * @param lastSync the newest offset sync of the partition; empty before the first
 */
public record MirroredPartition(String topic, int partition, long sourceStart, long sourceEnd,
    Optional<Long> targetEnd, Optional<OffsetSyncRecord> lastSync) {

  /**
   * Records of the source partition not yet on this cluster. From the newest offset sync: the
   * records after it arrived one for one, so the source position reached is
   * {@code sync.upstream + (targetEnd - sync.downstream)}. Without a sync yet (nothing copied),
   * everything the source holds is behind.
   */
  public long lag() {
    if (targetEnd.isEmpty() || lastSync.isEmpty()) {
      return Math.max(0, sourceEnd - sourceStart);
    }
    OffsetSyncRecord sync = lastSync.get();
    long reached = sync.upstream() + (targetEnd.get() - sync.downstream());
    return Math.max(0, sourceEnd - reached);
  }
}
