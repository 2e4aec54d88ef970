package dev.steward.coordinator.lag;

import java.util.List;
import java.util.Map;

/**
 * Everything the lag of some groups is computed from, read at one moment: the groups, then the
 * log-end offset of every partition they own or committed (absent when Kafka no longer knows the
 * partition, e.g. its topic was deleted).
 */
public record LagSnapshot(List<GroupSnapshot> groups, Map<PartitionKey, Long> logEndOffsets) {

  public LagSnapshot {
    groups = List.copyOf(groups);
    logEndOffsets = Map.copyOf(logEndOffsets);
  }
}
