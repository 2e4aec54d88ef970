package dev.steward.common.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One MirrorMaker 2 flow into this cluster: topics (and consumer groups' offsets) copied from a
 * source cluster by connectors that run on this inventory's Connect workers.
 *
 * @param sourceAlias the source cluster's alias: the prefix of the mirrored topics under the
 *     {@code prefixed} policy ({@code <alias>.<topic>}) and part of MM2's internal topic names
 * @param sourceBootstrapServers host:port of the source cluster's brokers
 * @param topics regular expressions of the topics to mirror (Java syntax, whole name)
 * @param topicsExclude regular expressions of topics never to mirror, even when {@code topics} match
 * @param groups regular expressions of the consumer groups whose offsets are translated; empty: none
 * @param config further MM2 connector settings, applied to all three connectors
 * @param state running, paused or stopped, held on all three connectors
 */
public record MirrorSpec(String name, String sourceAlias, List<String> sourceBootstrapServers, List<String> topics,
    List<String> topicsExclude, List<String> groups, ReplicationPolicy replicationPolicy, MirrorOffsetSync offsetSync,
    Duration refreshInterval, boolean emitHeartbeats, int tasksMax, Map<String, String> config, String state) {

  /** How a mirrored topic is named on this cluster. */
  public enum ReplicationPolicy {
    /** {@code <sourceAlias>.<topic>}: MM2's default; two clusters can mirror each other without a loop. */
    PREFIXED("prefixed", "org.apache.kafka.connect.mirror.DefaultReplicationPolicy"),
    /** The source's own name: consumers fail over without renaming; one direction only. */
    IDENTITY("identity", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");

    private final String inventoryName;
    private final String className;

    ReplicationPolicy(String inventoryName, String className) {
      this.inventoryName = inventoryName;
      this.className = className;
    }

    public String inventoryName() {
      return inventoryName;
    }

    public String className() {
      return className;
    }

    /** The name the mirror gives {@code topic} on this cluster. */
    public String targetTopic(String sourceAlias, String topic) {
      return this == PREFIXED ? sourceAlias + "." + topic : topic;
    }
  }

  public MirrorSpec {
    sourceBootstrapServers = List.copyOf(sourceBootstrapServers);
    topics = List.copyOf(topics);
    topicsExclude = List.copyOf(topicsExclude);
    groups = List.copyOf(groups);
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
  }

  /** The name of the connector that copies the records. */
  public String sourceConnectorName() {
    return name + "-mirror-source";
  }

  /** The name of the connector that translates consumer groups' offsets. */
  public String checkpointConnectorName() {
    return name + "-mirror-checkpoint";
  }

  /** The name of the connector that emits heartbeats. */
  public String heartbeatConnectorName() {
    return name + "-mirror-heartbeat";
  }

  /** The offset-syncs topic: kept on this (the target) cluster, so the mirror never writes to the source. */
  public String offsetSyncsTopic() {
    return "mm2-offset-syncs." + sourceAlias + ".internal";
  }

  /** The checkpoints topic on this cluster: each group's translated offsets. */
  public String checkpointsTopic() {
    return sourceAlias + ".checkpoints.internal";
  }
}
