package dev.steward.coordinator.lag;

import dev.steward.coordinator.Errors;
import dev.steward.coordinator.probe.ProbeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads a {@link LagSnapshot} through Kafka's Admin API, in the order kafka-consumer-groups.sh
 * reads it: the groups, then their committed offsets, then the log-end offsets. Reading the log end
 * last means a consumer that commits meanwhile can only make a lag look larger, never negative.
 */
public final class ConsumerLagReader {

  /** Groups per describe and offset-fetch request: one request for a few groups, bounded ones for thousands. */
  static final int GROUPS_PER_BATCH = 100;
  /** Partitions per listOffsets call; Admin splits each call by partition leader. */
  static final int PARTITIONS_PER_BATCH = 1000;

  private final Admin admin;
  private final Duration timeout;

  public ConsumerLagReader(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** The ids of the cluster's consumer groups (Kafka Connect's worker groups are not consumer groups). */
  public Set<String> consumerGroups() throws ProbeException {
    try {
      Set<String> groups = new TreeSet<>();
      for (ConsumerGroupListing listing : get(admin.listConsumerGroups().all())) {
        groups.add(listing.groupId());
      }
      return groups;
    } catch (ExecutionException | TimeoutException e) {
      throw new ProbeException("Kafka did not list the consumer groups: " + Errors.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException("interrupted while listing the consumer groups", e);
    }
  }

  public LagSnapshot read(Collection<String> groups) throws ProbeException {
    try {
      List<GroupSnapshot> snapshots = new ArrayList<>();
      for (List<String> batch : batches(List.copyOf(groups), GROUPS_PER_BATCH)) {
        snapshots.addAll(readGroups(batch));
      }
      Set<PartitionKey> partitions = new TreeSet<>();
      for (GroupSnapshot group : snapshots) {
        group.members().forEach(member -> partitions.addAll(member.assignment()));
        partitions.addAll(group.committedOffsets().keySet());
      }
      Map<PartitionKey, Long> logEnds = new HashMap<>();
      for (List<PartitionKey> batch : batches(List.copyOf(partitions), PARTITIONS_PER_BATCH)) {
        logEnds.putAll(logEndOffsets(batch));
      }
      return new LagSnapshot(snapshots, logEnds);
    } catch (ExecutionException | TimeoutException e) {
      throw new ProbeException("Kafka did not answer: " + Errors.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException("interrupted while reading consumer group offsets", e);
    }
  }

  private List<GroupSnapshot> readGroups(List<String> groups)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions = admin.describeConsumerGroups(groups).describedGroups();
    Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
    groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
    ListConsumerGroupOffsetsResult committed = admin.listConsumerGroupOffsets(specs);

    List<GroupSnapshot> snapshots = new ArrayList<>();
    for (String group : groups) {
      ConsumerGroupDescription description;
      try {
        description = get(descriptions.get(group));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
          // deleted between listing and describing: report it as Kafka would, gone
          snapshots.add(new GroupSnapshot(group, "Dead", List.of(), Map.of()));
          continue;
        }
        throw e;
      }
      snapshots.add(new GroupSnapshot(group, description.state().toString(), members(description),
          committedOffsets(get(committed.partitionsToOffsetAndMetadata(group)))));
    }
    return snapshots;
  }

  private static List<GroupMember> members(ConsumerGroupDescription description) {
    List<GroupMember> members = new ArrayList<>();
    for (MemberDescription member : description.members()) {
      List<PartitionKey> assignment = member.assignment().topicPartitions().stream().map(ConsumerLagReader::key).toList();
      members.add(new GroupMember(member.consumerId(), member.clientId(), member.host(), assignment));
    }
    return members;
  }

  private static Map<PartitionKey, Long> committedOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
    Map<PartitionKey, Long> committed = new HashMap<>();
    // a null value is a partition the coordinator lists without an offset: not committed
    offsets.forEach((partition, offset) -> {
      if (offset != null) {
        committed.put(key(partition), offset.offset());
      }
    });
    return committed;
  }

  private Map<PartitionKey, Long> logEndOffsets(List<PartitionKey> partitions)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(partition -> request.put(new TopicPartition(partition.topic(), partition.partition()),
        OffsetSpec.latest()));
    // read uncommitted, as the tool does: the log end is the high watermark, so records of open or
    // aborted transactions count as lag, and the numbers are the ones an operator compares with
    ListOffsetsResult result = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED));
    Map<PartitionKey, Long> logEnds = new HashMap<>();
    for (TopicPartition partition : request.keySet()) {
      try {
        logEnds.put(key(partition), get(result.partitionResult(partition)).offset());
      } catch (ExecutionException e) {
        // a group may still hold offsets of a deleted topic: its log end is unknown, not an error
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    return logEnds;
  }

  private static PartitionKey key(TopicPartition partition) {
    return new PartitionKey(partition.topic(), partition.partition());
  }

  static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> batches = new ArrayList<>();
    for (int start = 0; start < items.size(); start += size) {
      batches.add(items.subList(start, Math.min(items.size(), start + size)));
    }
    return batches;
  }

  private <T> T get(KafkaFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
    return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
