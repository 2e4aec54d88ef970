package dev.steward.coordinator.mirror;

import java.util.Optional;

/**
 * A consumer group's position in one partition, on both clusters.
 *
 * @param sourceCommitted what the group committed on the source; empty when it has not there
 * @param checkpointUpstream the source offset of the newest checkpoint
 * @param translated that checkpoint's offset on this cluster: where the group resumes after failing over
 * @param targetCommitted what the group has committed on this cluster (MM2 writes it when
 *     syncGroupOffsets is on and the group is not active here)
 */
public record TranslatedOffset(String group, String sourceTopic, String targetTopic, int partition,
    Optional<Long> sourceCommitted, Optional<Long> checkpointUpstream, Optional<Long> translated,
    Optional<Long> targetCommitted) {
}
