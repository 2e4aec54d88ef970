package dev.steward.coordinator.rollout.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Which cluster a ZooKeeper ensemble is, whatever the inventory calls it (every sandbox is
 * "sandbox"): Kafka's cluster id when a broker has registered one, otherwise an id Steward
 * creates once under {@code /steward/cluster-id}.
 */
final class ClusterIdentity {

  private ClusterIdentity() {
  }

  /** The id, creating Steward's own when there is none yet. */
  static String resolve(CuratorFramework client) throws Exception {
    Optional<String> kafka = kafkaClusterId(client);
    if (kafka.isPresent()) {
      return kafka.get();
    }
    Optional<String> existing = read(client, ZooKeeperPaths.STEWARD_CLUSTER_ID);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      client.create().creatingParentsIfNeeded().forPath(ZooKeeperPaths.STEWARD_CLUSTER_ID,
          UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    } catch (KeeperException.NodeExistsException e) {
      // another coordinator created it first: its id is the cluster's
    }
    return read(client, ZooKeeperPaths.STEWARD_CLUSTER_ID).orElseThrow();
  }

  private static Optional<String> kafkaClusterId(CuratorFramework client) throws Exception {
    Optional<String> json = read(client, ZooKeeperPaths.KAFKA_CLUSTER_ID);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode id = JournalRecord.JSON.readTree(json.get()).path("id");
      return id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> read(CuratorFramework client, String path) throws Exception {
    try {
      String text = new String(client.getData().forPath(path), StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
  }
}
