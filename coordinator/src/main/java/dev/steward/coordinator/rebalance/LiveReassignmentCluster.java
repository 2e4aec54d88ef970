package dev.steward.coordinator.rebalance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/** {@link ReassignmentCluster} over Kafka's Admin API. */
public final class LiveReassignmentCluster implements ReassignmentCluster {

  private final Admin admin;
  private final long timeoutMs;

  public LiveReassignmentCluster(Admin admin, java.time.Duration timeout) {
    this.admin = admin;
    this.timeoutMs = timeout.toMillis();
  }

  @Override
  public Map<TopicPartition, Ongoing> ongoing() throws Exception {
    Map<TopicPartition, PartitionReassignment> all = admin.listPartitionReassignments().reassignments()
        .get(timeoutMs, TimeUnit.MILLISECONDS);
    Map<TopicPartition, Ongoing> ongoing = new HashMap<>();
    all.forEach((tp, r) -> {
      List<Integer> target = new ArrayList<>(r.replicas());
      target.removeAll(r.removingReplicas());
      ongoing.put(tp, new Ongoing(target, r.addingReplicas(), r.removingReplicas()));
    });
    return ongoing;
  }

  @Override
  public Map<TopicPartition, List<Integer>> replicas(Collection<TopicPartition> partitions) throws Exception {
    Set<String> topics = new TreeSet<>();
    partitions.forEach(tp -> topics.add(tp.topic()));
    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
        .get(timeoutMs, TimeUnit.MILLISECONDS);
    Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
    described.forEach((topic, d) -> {
      for (TopicPartitionInfo p : d.partitions()) {
        replicas.put(new TopicPartition(topic, p.partition()), p.replicas().stream().map(n -> n.id()).toList());
      }
    });
    return replicas;
  }

  @Override
  public void submit(Map<TopicPartition, List<Integer>> targets) throws Exception {
    Map<TopicPartition, Optional<NewPartitionReassignment>> request = new HashMap<>();
    targets.forEach((tp, r) -> request.put(tp, Optional.of(new NewPartitionReassignment(r))));
    admin.alterPartitionReassignments(request).all().get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void throttle(Throttle throttle) throws Exception {
    Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
    for (Integer broker : throttle.brokers()) {
      ops.put(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker)), List.of(
          set(Throttle.LEADER_RATE, String.valueOf(throttle.rate())),
          set(Throttle.FOLLOWER_RATE, String.valueOf(throttle.rate()))));
    }
    for (String topic : throttle.topics()) {
      List<AlterConfigOp> topicOps = new ArrayList<>();
      if (throttle.leaderReplicas().containsKey(topic)) {
        topicOps.add(set(Throttle.LEADER_REPLICAS, Throttle.list(throttle.leaderReplicas(), topic)));
      }
      if (throttle.followerReplicas().containsKey(topic)) {
        topicOps.add(set(Throttle.FOLLOWER_REPLICAS, Throttle.list(throttle.followerReplicas(), topic)));
      }
      ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), topicOps);
    }
    admin.incrementalAlterConfigs(ops).all().get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void removeThrottle(Throttle throttle) throws Exception {
    Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
    for (Integer broker : throttle.brokers()) {
      ops.put(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker)), List.of(
          delete(Throttle.LEADER_RATE), delete(Throttle.FOLLOWER_RATE)));
    }
    for (String topic : throttle.topics()) {
      ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
          delete(Throttle.LEADER_REPLICAS), delete(Throttle.FOLLOWER_REPLICAS)));
    }
    admin.incrementalAlterConfigs(ops).all().get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public Map<TopicPartition, String> electPreferredLeaders(Set<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, Optional<Throwable>> results = admin.electLeaders(ElectionType.PREFERRED, partitions)
        .partitions().get(timeoutMs, TimeUnit.MILLISECONDS);
    Map<TopicPartition, String> problems = new HashMap<>();
    results.forEach((tp, error) -> error.filter(e -> !(e instanceof ElectionNotNeededException))
        .ifPresent(e -> problems.put(tp, e.getMessage())));
    return problems;
  }

  private static AlterConfigOp set(String key, String value) {
    return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
  }

  private static AlterConfigOp delete(String key) {
    return new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE);
  }
}
