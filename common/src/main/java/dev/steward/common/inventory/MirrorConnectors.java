package dev.steward.common.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connectors a mirror runs on this cluster's Connect workers: MirrorSourceConnector (the
 * records), MirrorCheckpointConnector (consumer groups' offsets, when groups are given) and
 * MirrorHeartbeatConnector. They are ordinary {@link ConnectorSpec}s, so apply reconciles them
 * like the inventory's own connectors: written only when their config differs, held in their state.
 */
public final class MirrorConnectors {

  public static final String SOURCE_CLASS = "org.apache.kafka.connect.mirror.MirrorSourceConnector";
  public static final String CHECKPOINT_CLASS = "org.apache.kafka.connect.mirror.MirrorCheckpointConnector";
  public static final String HEARTBEAT_CLASS = "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector";
  static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
  /**
   * MM2's own defaults of topics.exclude, kept because setting the key replaces them: its
   * internal topics, replicas of topics, Kafka's internal topics.
   */
  public static final List<String> BUILT_IN_TOPIC_EXCLUDES = List.of(".*[\\-\\.]internal", ".*\\.replica", "__.*");
  /** MM2's own defaults of groups.exclude: throwaway console consumers, Connect's sink groups, internal groups. */
  public static final List<String> BUILT_IN_GROUP_EXCLUDES = List.of("console-consumer-.*", "connect-.*", "__.*");

  private MirrorConnectors() {
  }

  /** Every mirror's connectors, in inventory order. */
  public static List<ConnectorSpec> of(List<MirrorSpec> mirrors, String targetAlias, String targetBootstrapServers,
      String connectCluster) {
    List<ConnectorSpec> connectors = new ArrayList<>();
    for (MirrorSpec mirror : mirrors) {
      connectors.addAll(of(mirror, targetAlias, targetBootstrapServers, connectCluster));
    }
    return connectors;
  }

  static List<ConnectorSpec> of(MirrorSpec mirror, String targetAlias, String targetBootstrapServers,
      String connectCluster) {
    Map<String, String> common = common(mirror, targetAlias, targetBootstrapServers);
    List<ConnectorSpec> connectors = new ArrayList<>();

    Map<String, String> source = new LinkedHashMap<>(common);
    source.put("topics", String.join(",", mirror.topics()));
    source.put("topics.exclude", String.join(",", excludes(mirror.topicsExclude(), BUILT_IN_TOPIC_EXCLUDES)));
    source.put("refresh.topics.interval.seconds", seconds(mirror.refreshInterval()));
    source.put("offset.lag.max", Integer.toString(mirror.offsetSync().offsetLagMax()));
    // Steward's clusters run no authorizer: there are no ACLs to copy, only errors to log
    source.put("sync.topic.acls.enabled", "false");
    source.putAll(mirror.config());
    connectors.add(new ConnectorSpec(mirror.sourceConnectorName(), connectCluster, SOURCE_CLASS, mirror.tasksMax(),
        source, mirror.state()));

    if (!mirror.groups().isEmpty() && mirror.offsetSync().emitCheckpoints()) {
      Map<String, String> checkpoint = new LinkedHashMap<>(common);
      checkpoint.put("topics", String.join(",", mirror.topics()));
      checkpoint.put("topics.exclude", String.join(",", excludes(mirror.topicsExclude(), BUILT_IN_TOPIC_EXCLUDES)));
      checkpoint.put("groups", String.join(",", mirror.groups()));
      checkpoint.put("groups.exclude", String.join(",", BUILT_IN_GROUP_EXCLUDES));
      checkpoint.put("refresh.groups.interval.seconds", seconds(mirror.refreshInterval()));
      checkpoint.put("emit.checkpoints.enabled", "true");
      checkpoint.put("emit.checkpoints.interval.seconds", seconds(mirror.offsetSync().checkpointInterval()));
      checkpoint.put("sync.group.offsets.enabled", Boolean.toString(mirror.offsetSync().syncGroupOffsets()));
      checkpoint.put("sync.group.offsets.interval.seconds", seconds(mirror.offsetSync().syncGroupOffsetsInterval()));
      checkpoint.putAll(mirror.config());
      connectors.add(new ConnectorSpec(mirror.checkpointConnectorName(), connectCluster, CHECKPOINT_CLASS,
          mirror.tasksMax(), checkpoint, mirror.state()));
    }

    if (mirror.emitHeartbeats()) {
      Map<String, String> heartbeat = new LinkedHashMap<>(common);
      heartbeat.putAll(mirror.config());
      // one task writes all heartbeats
      connectors.add(new ConnectorSpec(mirror.heartbeatConnectorName(), connectCluster, HEARTBEAT_CLASS, 1,
          heartbeat, mirror.state()));
    }
    return connectors;
  }

  private static Map<String, String> common(MirrorSpec mirror, String targetAlias, String targetBootstrapServers) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("source.cluster.alias", mirror.sourceAlias());
    config.put("target.cluster.alias", targetAlias);
    config.put("source.cluster.bootstrap.servers", String.join(",", mirror.sourceBootstrapServers()));
    config.put("target.cluster.bootstrap.servers", targetBootstrapServers);
    config.put("replication.policy.class", mirror.replicationPolicy().className());
    // the syncs live beside the checkpoints on this cluster: the mirror only ever reads from the source
    config.put("offset-syncs.topic.location", "target");
    // the workers' JSON converter would wrap every mirrored key and value in an envelope
    config.put("key.converter", BYTES);
    config.put("value.converter", BYTES);
    config.put("header.converter", BYTES);
    return config;
  }

  private static List<String> excludes(List<String> own, List<String> builtIn) {
    List<String> all = new ArrayList<>(own);
    builtIn.stream().filter(pattern -> !all.contains(pattern)).forEach(all::add);
    return all;
  }

  private static String seconds(java.time.Duration duration) {
    return Long.toString(duration.toSeconds());
  }
}
