package dev.steward.coordinator.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;

/**
 * What a ZooKeeper backup holds, written first in its archive. The cluster id, last zxid and
 * counts are read from the data itself after ZooKeeper's own recovery code replayed it (see
 * {@link ZooKeeperDataCheck}), so they describe what a restore would bring back.
 *
 * @param format this manifest's layout, for readers of older backups
 * @param clusterId the Kafka cluster id in /cluster/id, which every broker's meta.properties must match
 * @param lastZxid the newest transaction in the backup, in ZooKeeper's hexadecimal form
 * @param createdAt ISO-8601 instant the data was read
 * @param zookeeperVersion the ZooKeeper version of the member it was read from (e.g. "3.8.4")
 * @param sourceHost the inventory name of that member (the ensemble's leader)
 * @param hosts the ensemble, as "name=address" in zookeeperId order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
    int format,
    String cluster,
    String clusterId,
    String lastZxid,
    String createdAt,
    String zookeeperVersion,
    String kafkaVersion,
    String sourceHost,
    List<String> hosts,
    long znodes,
    List<String> topics,
    List<String> files) {

  public static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public BackupManifest {
    hosts = List.copyOf(hosts);
    topics = List.copyOf(topics);
    files = List.copyOf(files);
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("a manifest is always serializable", e);
    }
  }

  public static BackupManifest fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, BackupManifest.class);
  }
}
