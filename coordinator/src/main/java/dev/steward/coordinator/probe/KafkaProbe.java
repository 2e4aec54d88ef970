package dev.steward.coordinator.probe;

import dev.steward.coordinator.Errors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Reads the cluster's partitions, in-sync replicas and topic configs through Kafka's Admin
 * API. Internal topics (__consumer_offsets, __transaction_state) are included: a roll that
 * takes them below min ISR breaks consumers as surely as losing a user topic.
 */
public final class KafkaProbe implements AutoCloseable {

  private final Admin admin;
  private final Duration timeout;

  public KafkaProbe(String bootstrapServers, Duration timeout) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "steward-probe");
    this.admin = Admin.create(props);
    this.timeout = timeout;
  }

  public Admin admin() {
    return admin;
  }

  /**
   * Every part is read fresh on each call (min.insync.replicas included: the availability gate
   * relies on it). The requests that do not depend on each other are in flight together: one
   * after the other, the four round trips were most of the time between a rollout's broker steps
   * (docs/benchmarks.md).
   */
  public KafkaSnapshot snapshot() throws ProbeException {
    try {
      DescribeClusterResult cluster = admin.describeCluster();
      var topicNames = admin.listTopics(new ListTopicsOptions().listInternal(true)).names();
      Set<Integer> live = new TreeSet<>();
      for (Node node : get(cluster.nodes())) {
        live.add(node.id());
      }
      Node controllerNode = get(cluster.controller());
      OptionalInt controller = controllerNode == null || controllerNode.id() < 0
          ? OptionalInt.empty() : OptionalInt.of(controllerNode.id());

      Set<String> topics = get(topicNames);
      List<PartitionState> partitions = new ArrayList<>();
      Map<String, Integer> minIsr = new HashMap<>();
      if (!topics.isEmpty()) {
        var describedTopics = admin.describeTopics(topics).allTopicNames();
        var describedConfigs = admin.describeConfigs(topics.stream()
            .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).all();
        for (TopicDescription description : get(describedTopics).values()) {
          for (TopicPartitionInfo info : description.partitions()) {
            partitions.add(new PartitionState(description.name(), info.partition(), ids(info.replicas()),
                ids(info.isr()), info.leader() == null || info.leader().isEmpty() ? -1 : info.leader().id()));
          }
        }
        minIsr.putAll(minInsyncReplicas(get(describedConfigs)));
      }
      partitions.sort(java.util.Comparator.comparing(PartitionState::topic).thenComparingInt(PartitionState::partition));
      return new KafkaSnapshot(live, controller, partitions, minIsr);
    } catch (ExecutionException | TimeoutException e) {
      throw new ProbeException("Kafka did not answer: " + Errors.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException("interrupted while reading the Kafka cluster", e);
    }
  }

  /** The replication factor (replicas of partition 0) of each of {@code topics} that exists. */
  public Map<String, Integer> replicationFactors(Collection<String> topics) throws ProbeException {
    try {
      Set<String> existing = get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
      List<String> wanted = topics.stream().filter(existing::contains).toList();
      Map<String, Integer> factors = new HashMap<>();
      if (!wanted.isEmpty()) {
        get(admin.describeTopics(wanted).allTopicNames()).forEach((name, description) ->
            factors.put(name, description.partitions().get(0).replicas().size()));
      }
      return factors;
    } catch (ExecutionException | TimeoutException e) {
      throw new ProbeException("Kafka did not answer: " + Errors.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException("interrupted while reading the Kafka cluster", e);
    }
  }

  private static Map<String, Integer> minInsyncReplicas(Map<ConfigResource, Config> configs) {
    Map<String, Integer> result = new HashMap<>();
    configs.forEach((resource, config) -> {
      var entry = config.get("min.insync.replicas");
      if (entry != null && entry.value() != null) {
        result.put(resource.name(), Integer.parseInt(entry.value()));
      }
    });
    return result;
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
      throws ExecutionException, InterruptedException, TimeoutException {
    return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static List<Integer> ids(List<Node> nodes) {
    return nodes.stream().map(Node::id).toList();
  }


  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
