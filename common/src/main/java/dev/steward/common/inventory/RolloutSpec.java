package dev.steward.common.inventory;

import java.time.Duration;

/** Gate timeouts and pacing for rollouts. A timeout of zero means "wait forever". */
public record RolloutSpec(
    Duration zookeeperReadyTimeout,
    Duration brokerReadyTimeout,
    Duration availabilityTimeout,
    Duration serviceStopTimeout,
    Duration pollInterval) {
}
