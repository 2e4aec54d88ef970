package dev.steward.coordinator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.inventory.ChecksumFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup files against a real ZooKeeper: data written by a running server replays with
 * ZooKeeper's own recovery, survives the archive round trip, and a damaged or foreign archive is
 * refused with the fix.
 */
class ZooKeeperBackupFilesTest {

  @TempDir
  Path dir;

  /** A ZooKeeper data directory as a server left it: /cluster/id and two topics, plus later writes in the log. */
  private Path zooKeeperData() throws Exception {
    Path data = dir.resolve("zk");
    // kept after close: the test reads what the server left
    InstanceSpec spec = new InstanceSpec(data.toFile(), -1, -1, -1, false, -1);
    try (TestingServer server = new TestingServer(spec, true);
         CuratorFramework client = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100))) {
      client.start();
      client.create().creatingParentsIfNeeded().forPath("/cluster/id",
          "{\"version\":\"1\",\"id\":\"ClusterIdOfTheTest00000\"}".getBytes(StandardCharsets.UTF_8));
      client.create().creatingParentsIfNeeded().forPath("/brokers/topics/orders");
      client.create().creatingParentsIfNeeded().forPath("/brokers/topics/payments");
    }
    return data;
  }

  private static List<String> dataFiles(Path data) throws Exception {
    try (Stream<Path> files = Files.list(data.resolve("version-2"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("(snapshot|log)\\..*")).sorted().toList();
    }
  }

  private static BackupManifest manifest(String clusterId, List<String> files) {
    return new BackupManifest(BackupManifest.FORMAT, "test", clusterId, "0x1", Instant.now().toString(), "3.8.4",
        "3.9.1", "h1", List.of("h1=127.0.0.1"), 5, List.of(), files);
  }

  @Test
  void replayReadsTheClusterIdAndTopicsWrittenAfterTheLastSnapshot() throws Exception {
    Path data = zooKeeperData();

    ZooKeeperDataCheck.Replayed replayed = ZooKeeperDataCheck.replay(data);

    assertThat(replayed.clusterId()).contains("ClusterIdOfTheTest00000");
    assertThat(replayed.topics()).containsExactly("orders", "payments");
    assertThat(replayed.lastZxid()).isPositive();
  }

  @Test
  void anArchiveOpensToTheSameDataWhenItsChecksumMatches() throws Exception {
    Path data = zooKeeperData();
    Path archive = dir.resolve("zookeeper-test-1.tar.gz");
    String sha512 = BackupArchive.write(archive, manifest("ClusterIdOfTheTest00000", dataFiles(data)), data);

    BackupArchive.Opened opened = BackupArchive.open(archive, dir.resolve("opened"));

    assertThat(opened.sha512()).isEqualTo(sha512);
    assertThat(Files.readString(ChecksumFiles.beside(archive))).startsWith(sha512 + "  zookeeper-test-1.tar.gz");
    assertThat(opened.manifest().clusterId()).isEqualTo("ClusterIdOfTheTest00000");
    assertThat(ZooKeeperDataCheck.replay(opened.dataDir()).topics()).containsExactly("orders", "payments");
  }

  @Test
  void aDamagedArchiveIsRefusedAsBadInput() throws Exception {
    Path data = zooKeeperData();
    Path archive = dir.resolve("zookeeper-test-1.tar.gz");
    BackupArchive.write(archive, manifest("ClusterIdOfTheTest00000", dataFiles(data)), data);
    byte[] bytes = Files.readAllBytes(archive);
    bytes[bytes.length - 30] ^= 1;
    Files.write(archive, bytes);

    assertThatThrownBy(() -> BackupArchive.open(archive, dir.resolve("opened")))
        .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.badInput()).isTrue())
        .hasMessageContaining("does not match its checksum");
  }

  @Test
  void anArchiveWithoutItsChecksumFileIsRefusedWithTheFix() throws Exception {
    Path data = zooKeeperData();
    Path archive = dir.resolve("zookeeper-test-1.tar.gz");
    BackupArchive.write(archive, manifest("ClusterIdOfTheTest00000", dataFiles(data)), data);
    Files.delete(ChecksumFiles.beside(archive));

    assertThatThrownBy(() -> BackupArchive.open(archive, dir.resolve("opened")))
        .hasMessageContaining(".sha512").hasMessageContaining("copy both");
  }

  @Test
  void dataWithoutASnapshotDoesNotReplay() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty/version-2"));
    assertThat(empty).isEmptyDirectory();

    assertThatThrownBy(() -> ZooKeeperDataCheck.replay(empty.getParent())).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("no ZooKeeper snapshot");
    assertThat(empty).as("nothing written where a backup is checked").isEmptyDirectory();
  }

  @Test
  void aNewerZooKeeperVersionIsNewer() {
    assertThat(ZooKeeperRestore.isNewer("3.9.2", "3.8.4")).isTrue();
    assertThat(ZooKeeperRestore.isNewer("3.8.4", "3.8.4")).isFalse();
    assertThat(ZooKeeperRestore.isNewer("3.8.3", "3.8.4")).isFalse();
    assertThat(ZooKeeperRestore.isNewer("", "3.8.4")).as("unknown: not refused on a guess").isFalse();
  }
}
