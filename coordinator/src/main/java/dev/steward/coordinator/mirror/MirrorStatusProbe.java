package dev.steward.coordinator.mirror;

import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.MirrorSpec;
import dev.steward.coordinator.connect.ConnectRestClient;
import dev.steward.coordinator.connect.ConnectRestException;
import dev.steward.coordinator.connect.ConnectorStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.mirror.Checkpoint;

/**
 * Observes one mirror: its connectors' states over Connect's REST API, the source and mirrored
 * partitions' log-end offsets, the newest offset sync of each partition (the offset-syncs topic on
 * this cluster), each group's newest checkpoint (the checkpoints topic) and its committed offsets
 * on both clusters. Reads only; the source is asked over the Admin API, never written to.
 */
public final class MirrorStatusProbe {

  private final Inventory inventory;
  private final Duration timeout;

  public MirrorStatusProbe(Inventory inventory, Duration timeout) {
    this.inventory = inventory;
    this.timeout = timeout;
  }

  public MirrorStatus observe(MirrorSpec mirror, Optional<ConnectRestClient> connect) {
    Map<String, Optional<ConnectorStatus>> connectors = connectors(mirror, connect);
    MirrorTopicFilter filter = MirrorTopicFilter.of(mirror);
    String policy = mirror.replicationPolicy().inventoryName();
    String source = String.join(",", mirror.sourceBootstrapServers());
    try (Admin sourceAdmin = admin(source); Admin targetAdmin = admin(inventory.bootstrapServers())) {
      Map<String, TopicDescription> sourceTopics = describe(sourceAdmin,
          new TreeSet<>(get(sourceAdmin.listTopics().names()).stream().filter(filter::mirrorsTopic).toList()));
      Set<String> targetNames = get(targetAdmin.listTopics().names());
      List<TopicPartition> sourcePartitions = partitions(sourceTopics);
      Map<TopicPartition, Long> sourceStarts = offsets(sourceAdmin, sourcePartitions, OffsetSpec.earliest());
      Map<TopicPartition, Long> sourceEnds = offsets(sourceAdmin, sourcePartitions, OffsetSpec.latest());
      Map<TopicPartition, TopicPartition> targetOf = new LinkedHashMap<>();
      for (TopicPartition tp : sourcePartitions) {
        String target = mirror.replicationPolicy().targetTopic(mirror.sourceAlias(), tp.topic());
        if (targetNames.contains(target)) {
          targetOf.put(tp, new TopicPartition(target, tp.partition()));
        }
      }
      Map<TopicPartition, Long> targetEnds = offsets(targetAdmin, new ArrayList<>(targetOf.values()),
          OffsetSpec.latest());
      Map<TopicPartition, OffsetSyncRecord> syncs = targetNames.contains(mirror.offsetSyncsTopic())
          ? lastSyncs(mirror.offsetSyncsTopic()) : Map.of();

      List<MirrorStatus.TopicMirror> topics = new ArrayList<>();
      for (TopicDescription topic : sourceTopics.values()) {
        List<MirroredPartition> partitions = new ArrayList<>();
        topic.partitions().forEach(p -> {
          TopicPartition tp = new TopicPartition(topic.name(), p.partition());
          TopicPartition target = targetOf.get(tp);
          partitions.add(new MirroredPartition(tp.topic(), tp.partition(), sourceStarts.getOrDefault(tp, 0L),
              sourceEnds.getOrDefault(tp, 0L), Optional.ofNullable(target == null ? null : targetEnds.get(target)),
              Optional.ofNullable(syncs.get(tp))));
        });
        topics.add(new MirrorStatus.TopicMirror(topic.name(),
            mirror.replicationPolicy().targetTopic(mirror.sourceAlias(), topic.name()), partitions));
      }
      List<TranslatedOffset> groups = mirror.groups().isEmpty() ? List.of()
          : groups(mirror, filter, sourceAdmin, targetAdmin, sourceTopics.keySet(),
              targetNames.contains(mirror.checkpointsTopic()));
      return new MirrorStatus(mirror.name(), mirror.sourceAlias(), source, policy, connectors, topics, groups,
          Optional.empty());
    } catch (KafkaUnavailable e) {
      return new MirrorStatus(mirror.name(), mirror.sourceAlias(), source, policy, connectors, List.of(), List.of(),
          Optional.of(e.getMessage()));
    }
  }

  private Map<String, Optional<ConnectorStatus>> connectors(MirrorSpec mirror, Optional<ConnectRestClient> connect) {
    Map<String, Optional<ConnectorStatus>> statuses = new LinkedHashMap<>();
    Set<String> names = Set.of(mirror.sourceConnectorName(), mirror.checkpointConnectorName(),
        mirror.heartbeatConnectorName());
    for (ConnectorSpec connector : inventory.managedConnectors()) {
      if (!names.contains(connector.name())) {
        continue;
      }
      Optional<ConnectorStatus> status = Optional.empty();
      if (connect.isPresent()) {
        try {
          status = Optional.of(connect.get().status(connector.name()));
        } catch (ConnectRestException e) {
          if (e.httpStatus() != 404) {
            throw e;
          }
        }
      }
      statuses.put(connector.name(), status);
    }
    return statuses;
  }

  private List<TranslatedOffset> groups(MirrorSpec mirror, MirrorTopicFilter filter, Admin sourceAdmin,
      Admin targetAdmin, Set<String> mirroredTopics, boolean checkpointsExist) {
    Map<String, Map<TopicPartition, Checkpoint>> checkpoints = checkpointsExist
        ? lastCheckpoints(mirror.checkpointsTopic()) : Map.of();
    Set<String> names = new TreeSet<>(checkpoints.keySet());
    for (ConsumerGroupListing listing : get(sourceAdmin.listConsumerGroups().all())) {
      if (filter.translatesGroup(listing.groupId())) {
        names.add(listing.groupId());
      }
    }
    List<TranslatedOffset> rows = new ArrayList<>();
    for (String group : names) {
      Map<TopicPartition, Long> sourceCommitted = committed(sourceAdmin, group);
      Map<TopicPartition, Long> targetCommitted = committed(targetAdmin, group);
      Map<TopicPartition, Checkpoint> groupCheckpoints = checkpoints.getOrDefault(group, Map.of());
      Set<TopicPartition> sourcePartitions = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::topic)
          .thenComparingInt(TopicPartition::partition));
      sourceCommitted.keySet().stream().filter(tp -> mirroredTopics.contains(tp.topic()))
          .forEach(sourcePartitions::add);
      for (TopicPartition source : sourcePartitions) {
        TopicPartition target = new TopicPartition(
            mirror.replicationPolicy().targetTopic(mirror.sourceAlias(), source.topic()), source.partition());
        Optional<Checkpoint> checkpoint = Optional.ofNullable(groupCheckpoints.get(target));
        rows.add(new TranslatedOffset(group, source.topic(), target.topic(), source.partition(),
            Optional.ofNullable(sourceCommitted.get(source)), checkpoint.map(Checkpoint::upstreamOffset),
            checkpoint.map(Checkpoint::downstreamOffset), Optional.ofNullable(targetCommitted.get(target))));
      }
    }
    return rows;
  }

  private Map<TopicPartition, OffsetSyncRecord> lastSyncs(String topic) {
    Map<TopicPartition, OffsetSyncRecord> last = new HashMap<>();
    readAll(topic, record -> {
      OffsetSyncRecord sync = OffsetSyncRecord.decode(record.key(), record.value());
      last.put(new TopicPartition(sync.topic(), sync.partition()), sync);
    });
    return last;
  }

  /** The newest checkpoint of each group and mirrored partition (a partition named as on this cluster). */
  private Map<String, Map<TopicPartition, Checkpoint>> lastCheckpoints(String topic) {
    Map<String, Map<TopicPartition, Checkpoint>> last = new TreeMap<>();
    readAll(topic, record -> {
      Checkpoint checkpoint = Checkpoint.deserializeRecord(record);
      last.computeIfAbsent(checkpoint.consumerGroupId(), g -> new HashMap<>())
          .put(checkpoint.topicPartition(), checkpoint);
    });
    return last;
  }

  /** Reads every record of a topic of this cluster present now, in order, without joining a group. */
  private void readAll(String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, inventory.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "steward-mirror-status");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new KafkaUnavailable("reading " + topic + " did not reach its end within " + timeout.toSeconds()
              + " s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new KafkaUnavailable("reading " + topic + " on this cluster: " + e.getMessage());
    }
  }

  private Map<TopicPartition, Long> committed(Admin admin, String group) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata());
    committed.forEach((tp, offset) -> {
      if (offset != null) {
        offsets.put(tp, offset.offset());
      }
    });
    return offsets;
  }

  private Map<String, TopicDescription> describe(Admin admin, Set<String> topics) {
    if (topics.isEmpty()) {
      return Map.of();
    }
    return new TreeMap<>(get(admin.describeTopics(topics).allTopicNames()));
  }

  private static List<TopicPartition> partitions(Map<String, TopicDescription> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    topics.values().forEach(t -> t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(),
        p.partition()))));
    return partitions;
  }

  private Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = get(admin.listOffsets(request).all());
    result.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  private Admin admin(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "steward-mirror-status");
    return Admin.create(props);
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaUnavailable(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new KafkaUnavailable("no answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailable("interrupted");
    }
  }

  /** A cluster that does not answer: the status says so instead of failing the command. */
  private static final class KafkaUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KafkaUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}
