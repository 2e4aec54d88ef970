package dev.steward.coordinator.lag;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of a group's table. {@code committedOffset} is empty when the group never committed
 * this partition (a member owns it but has not committed yet), and then {@code lag} is empty too:
 * there is nothing to measure from, which Kafka's tool prints as "-".
 */
public record PartitionLag(PartitionKey partition, OptionalLong committedOffset, OptionalLong logEndOffset,
    OptionalLong lag, Optional<GroupMember> owner) {
}
