package dev.steward.coordinator.lag;

import java.util.List;

/** A consumer in a group as its coordinator describes it, with the partitions it was assigned. */
public record GroupMember(String memberId, String clientId, String host, List<PartitionKey> assignment) {

  public GroupMember {
    assignment = List.copyOf(assignment);
  }
}
