package dev.steward.coordinator.lag;

import java.util.List;
import java.util.Map;

/**
 * One consumer group as read from its coordinator: its state (Kafka's own names: Stable, Empty,
 * PreparingRebalance, ...), its members and the offsets it has committed. A partition the group
 * never committed is absent from {@code committedOffsets}.
 */
public record GroupSnapshot(String group, String state, List<GroupMember> members,
    Map<PartitionKey, Long> committedOffsets) {

  public GroupSnapshot {
    members = List.copyOf(members);
    committedOffsets = Map.copyOf(committedOffsets);
  }
}
