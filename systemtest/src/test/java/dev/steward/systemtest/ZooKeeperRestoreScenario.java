package dev.steward.systemtest;

import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.service.ZooKeeperDataFiles;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.agent.PlaintextLoopbackConnector;
import dev.steward.coordinator.backup.BackupArchive;
import dev.steward.coordinator.backup.BackupManifest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/** The pieces of the ZooKeeper disaster-and-restore scenario that are not Steward's own commands. */
final class ZooKeeperRestoreScenario {

  private ZooKeeperRestoreScenario() {
  }

  /**
   * The disaster, as an operator would meet it: every ZooKeeper member stopped (a crash, a lost
   * disk) and its data directory gone; myid and the configuration stay, as after `steward apply`.
   */
  static void loseEveryMembersData(Path sandboxDir, String prefix) throws IOException {
    PlaintextLoopbackConnector connector = new PlaintextLoopbackConnector();
    for (int i = 1; i <= 3; i++) {
      HostSpec host = new HostSpec("h" + i, prefix + "." + i, OptionalInt.of(i), OptionalInt.of(i), 7443);
      try (AgentClient agent = new AgentClient(host.name(), connector.connect(host))) {
        agent.control(ControlServiceRequest.newBuilder().setOperationId(UUID.randomUUID().toString())
            .setService(ServiceName.SERVICE_NAME_ZOOKEEPER).setAction(ServiceAction.SERVICE_ACTION_STOP)
            .setReason(RestartReasonKind.RESTART_REASON_KIND_MANUAL).build(), Duration.ofMinutes(2));
      }
    }
    for (int i = 1; i <= 3; i++) {
      Path data = sandboxDir.resolve("hosts/h" + i + "/var/lib/zookeeper/version-2");
      if (!Files.isDirectory(data)) {
        throw new IOException("the sandbox keeps ZooKeeper's data elsewhere than " + data);
      }
      try (var paths = Files.walk(data)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /**
   * A real backup of another Kafka cluster: a ZooKeeper server in this JVM holding that cluster's
   * /cluster/id and a topic, archived the way `steward backup zookeeper` archives.
   */
  static Path anotherClustersBackup(Path dir, String clusterId) throws Exception {
    Path data = Files.createDirectories(dir.resolve("other-zookeeper"));
    ZooKeeperServer server = new ZooKeeperServer(data.toFile(), data.toFile(), 2000);
    ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 10);
    factory.startup(server);
    try {
      CountDownLatch connected = new CountDownLatch(1);
      ZooKeeper client = new ZooKeeper("127.0.0.1:" + factory.getLocalPort(), 10_000, event -> {
        if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
          connected.countDown();
        }
      });
      try {
        if (!connected.await(30, TimeUnit.SECONDS)) {
          throw new IOException("the in-JVM ZooKeeper did not accept a session");
        }
        for (String path : List.of("/cluster", "/brokers", "/brokers/topics", "/brokers/topics/their-topic")) {
          client.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        client.create("/cluster/id", ("{\"version\":\"1\",\"id\":\"" + clusterId + "\"}").getBytes(StandardCharsets.UTF_8),
            ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      } finally {
        client.close();
      }
    } finally {
      factory.shutdown();
      server.shutdown();
    }
    List<String> files;
    try (var listed = Files.list(data.resolve("version-2"))) {
      files = listed.map(p -> p.getFileName().toString()).filter(ZooKeeperDataFiles::isDataFile)
          .sorted().toList();
    }
    BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, "sandbox", clusterId, "0x0",
        Instant.now().toString(), "3.8.4", "3.9.1", "elsewhere", List.of("elsewhere=10.0.0.1"), 0,
        List.of("their-topic"), files);
    Path archive = dir.resolve("zookeeper-other-cluster.tar.gz");
    BackupArchive.write(archive, manifest, data);
    return archive;
  }
}
