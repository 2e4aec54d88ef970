package dev.steward.coordinator.backup;

import dev.steward.common.service.ZooKeeperDataFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;

/**
 * Replays a copy of ZooKeeper's data with ZooKeeper's own recovery code (the newest valid
 * snapshot, then the logged transactions after it): exactly what a member does when it starts
 * on these files. A copy that does not replay is no backup; one that does tells its cluster id,
 * last transaction and topics from the data itself rather than from a label.
 */
public final class ZooKeeperDataCheck {

  /** Kafka writes {"version":"1","id":"..."} at /cluster/id when the first broker starts. */
  private static final Pattern CLUSTER_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  /** What the replayed data holds. */
  public record Replayed(Optional<String> clusterId, long lastZxid, long znodes, List<String> topics) {

    public String lastZxidHex() {
      return Long.toHexString(lastZxid);
    }
  }

  private ZooKeeperDataCheck() {
  }

  /**
   * @param dataDir a directory holding {@code version-2} with snapshots and logs; ZooKeeper's
   *     recovery may write nothing there, but it must be writable (ZooKeeper checks)
   * @throws IOException when ZooKeeper cannot recover a state from the files
   */
  public static Replayed replay(Path dataDir) throws IOException {
    requireSnapshot(dataDir.resolve(ZooKeeperDataFiles.VERSION_DIR));
    File dir = dataDir.toFile();
    FileTxnSnapLog files = new FileTxnSnapLog(dir, dir);
    try {
      DataTree tree = new DataTree();
      Map<Long, Integer> sessions = new ConcurrentHashMap<>();
      long lastZxid = files.restore(tree, sessions, (header, record, digest) -> { });
      if (lastZxid < 0 || tree.getNode("/") == null) {
        throw new IOException("ZooKeeper found no snapshot to start from in " + dataDir);
      }
      return new Replayed(clusterId(tree), lastZxid, tree.getNodeCount(), topics(tree));
    } finally {
      files.close();
    }
  }

  /** ZooKeeper would start an empty database from no snapshot (and write one): for a backup that is no data at all. */
  private static void requireSnapshot(Path version2) throws IOException {
    boolean found;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(version2)) {
      found = files.anyMatch(p -> ZooKeeperDataFiles.parse(p.getFileName().toString())
          .filter(f -> f.kind() == ZooKeeperDataFiles.Kind.SNAPSHOT).isPresent());
    } catch (java.nio.file.NoSuchFileException e) {
      found = false;
    }
    if (!found) {
      throw new IOException("no ZooKeeper snapshot in " + version2);
    }
  }

  private static Optional<String> clusterId(DataTree tree) {
    DataNode node = tree.getNode("/cluster/id");
    if (node == null || node.getData() == null) {
      return Optional.empty();
    }
    Matcher matcher = CLUSTER_ID.matcher(new String(node.getData(), StandardCharsets.UTF_8));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static List<String> topics(DataTree tree) {
    if (tree.getNode("/brokers/topics") == null) {
      return List.of();
    }
    try {
      return List.copyOf(new TreeSet<>(tree.getChildren("/brokers/topics", new Stat(), null)));
    } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
      return List.of();
    }
  }
}
