package dev.steward.common.inventory;

import java.time.Duration;

/**
 * How a mirror translates consumer groups' offsets to this cluster.
 *
 * @param emitCheckpoints write each group's translated offsets to the checkpoints topic
 * @param syncGroupOffsets also commit them for the group on this cluster, so a consumer that
 *     fails over resumes there without translating anything itself
 * @param checkpointInterval how often checkpoints are emitted
 * @param syncGroupOffsetsInterval how often the translated offsets are committed here
 * @param offsetLagMax how many records of a partition may pass before the source connector
 *     records a new offset sync: the most a failed-over consumer re-reads per partition, besides
 *     what it consumed since the last checkpoint
 */
public record MirrorOffsetSync(boolean emitCheckpoints, boolean syncGroupOffsets, Duration checkpointInterval,
    Duration syncGroupOffsetsInterval, int offsetLagMax) {

  public static final MirrorOffsetSync DEFAULTS = new MirrorOffsetSync(true, true, Duration.ofSeconds(60),
      Duration.ofSeconds(60), 100);
}
