package dev.steward.coordinator.rebalance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Fetches a {@link ReplicaPlacement} through the Admin API: the live brokers and their racks
 * (describeCluster), every topic's replicas, internal ones included (describeTopics), each
 * partition's size (describeLogDirs: its largest replica) and the reassignments under way
 * (listPartitionReassignments: their target counts as the partition's replicas).
 */
public final class PlacementReader {

  private PlacementReader() {
  }

  public static ReplicaPlacement read(Admin admin, java.time.Duration timeout) throws Exception {
    long ms = timeout.toMillis();
    SortedMap<Integer, Optional<String>> brokers = new TreeMap<>();
    for (Node node : admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS)) {
      brokers.put(node.id(), Optional.ofNullable(node.rack()));
    }
    Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
        .get(ms, TimeUnit.MILLISECONDS);
    Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
    if (!topics.isEmpty()) {
      Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
          .get(ms, TimeUnit.MILLISECONDS);
      described.forEach((topic, d) -> {
        for (TopicPartitionInfo p : d.partitions()) {
          replicas.put(new TopicPartition(topic, p.partition()), p.replicas().stream().map(Node::id).toList());
        }
      });
    }
    Map<TopicPartition, PartitionReassignment> underWay = admin.listPartitionReassignments().reassignments()
        .get(ms, TimeUnit.MILLISECONDS);
    underWay.forEach((tp, r) -> {
      List<Integer> target = new java.util.ArrayList<>(r.replicas());
      target.removeAll(r.removingReplicas());
      replicas.put(tp, target);
    });
    Map<TopicPartition, Long> sizes = new HashMap<>();
    Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers.keySet()).allDescriptions()
        .get(ms, TimeUnit.MILLISECONDS);
    dirs.values().forEach(byDir -> byDir.values().forEach(dir -> dir.replicaInfos()
        .forEach((tp, info) -> sizes.merge(tp, info.size(), Math::max))));
    return new ReplicaPlacement(brokers, ReplicaPlacement.sorted(replicas), sizes, underWay.keySet());
  }
}
