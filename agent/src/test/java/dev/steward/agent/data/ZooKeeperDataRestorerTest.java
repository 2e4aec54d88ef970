package dev.steward.agent.data;

import dev.steward.common.service.ZooKeeperDataFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.audit.AuditSink;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.journal.OperationException;
import dev.steward.agent.journal.OperationJournal;
import dev.steward.agent.service.PendingRestarts;
import dev.steward.agent.service.ServiceController;
import dev.steward.agent.testing.FakeServiceBackend;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.RestoreZooKeeperDataRequest;
import dev.steward.agent.v1.RestoreZooKeeperDataResponse;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperDataRestorerTest {

  @TempDir
  Path root;
  @TempDir
  Path state;

  private final FakeServiceBackend backend = new FakeServiceBackend();
  private ArtifactStore artifacts;
  private ZooKeeperDataRestorer restorer;
  private Path dataDir;

  @BeforeEach
  void zooKeeperDefinedWithDataOfItsOwn() throws Exception {
    dataDir = Files.createDirectories(root.resolve("var/lib/zookeeper"));
    Files.writeString(dataDir.resolve("myid"), "2\n");
    Files.createDirectories(dataDir.resolve("version-2"));
    Files.writeString(dataDir.resolve("version-2/snapshot.0"), "the data before");
    Path config = Files.createDirectories(root.resolve("opt/kafka/config")).resolve("zookeeper.properties");
    Files.writeString(config, "dataDir=" + dataDir + "\nclientPort=2181\n");
    backend.define(ServiceResource.newBuilder().setService(ServiceName.SERVICE_NAME_ZOOKEEPER)
        .setLaunch(JvmLaunch.newBuilder().setInstallDir("/opt/kafka").setConfigFile("/opt/kafka/config/zookeeper.properties")
            .setLogDir("/var/log/zookeeper"))
        .build());
    ServiceController controller = new ServiceController(backend, new PendingRestarts(state.resolve("pending.json")),
        new OperationJournal(state.resolve("operations"), 10), Clock.systemUTC());
    artifacts = new ArtifactStore(state.resolve("artifacts"), ArtifactStore.DEFAULT_MAX_BYTES);
    ServiceData data = new ServiceData(new ServiceDataDirs(controller, new HostRoot(root)), controller);
    restorer = new ZooKeeperDataRestorer(data, controller, artifacts, AuditSink.NONE,
        Clock.fixed(Instant.parse("2026-12-06T01:02:03Z"), ZoneOffset.UTC));
  }

  private String stored(Map<String, String> entries) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        byte[] content = entry.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
        tarEntry.setSize(content.length);
        tar.putArchiveEntry(tarEntry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    byte[] archive = bytes.toByteArray();
    String sha512 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(archive));
    try (ArtifactStore.Upload upload = artifacts.begin("zookeeper-backup.tar.gz", sha512, archive.length)) {
      upload.write(archive);
      upload.finish();
    }
    return sha512;
  }

  private static Map<String, String> backup() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(ZooKeeperDataFiles.MANIFEST, "{}");
    entries.put("version-2/snapshot.100000000", "restored snapshot");
    entries.put("version-2/log.100000001", "restored log");
    return entries;
  }

  private static RestoreZooKeeperDataRequest request(String sha512) {
    return RestoreZooKeeperDataRequest.newBuilder().setOperationId("op-1").setArtifactSha512(sha512).build();
  }

  @Test
  void theBackupTakesVersion2sPlaceAndTheDataItReplacesIsKeptAside() throws Exception {
    RestoreZooKeeperDataResponse response = restorer.restore(request(stored(backup())), "test");

    assertThat(response.getFiles()).isEqualTo(2);
    assertThat(Files.readString(dataDir.resolve("version-2/snapshot.100000000"))).isEqualTo("restored snapshot");
    assertThat(Files.readString(dataDir.resolve("version-2/log.100000001"))).isEqualTo("restored log");
    assertThat(dataDir.resolve("version-2/snapshot.0")).doesNotExist();
    Path aside = dataDir.resolve("version-2.before-restore-20261206T010203Z");
    assertThat(response.getMovedAsideList()).containsExactly(aside.toString());
    assertThat(Files.readString(aside.resolve("snapshot.0"))).isEqualTo("the data before");
    assertThat(dataDir.resolve("myid")).hasContent("2");
  }

  @Test
  void aRunningZooKeeperIsNeverRestoredUnder() throws Exception {
    String sha512 = stored(backup());
    backend.markRunning(ServiceName.SERVICE_NAME_ZOOKEEPER);

    assertThatThrownBy(() -> restorer.restore(request(sha512), "test"))
        .isInstanceOfSatisfying(OperationException.class,
            e -> assertThat(e.reason()).isEqualTo(OperationException.Reason.FAILED_PRECONDITION))
        .hasMessageContaining("stop it");
    assertThat(dataDir.resolve("version-2/snapshot.0")).hasContent("the data before");
  }

  @Test
  void anEntryOutsideABackupsLayoutIsRefusedAndTheDataIsUntouched() throws Exception {
    Map<String, String> entries = backup();
    entries.put("version-2/../../../etc/cron.d/evil", "* * * * * root sh");
    String sha512 = stored(entries);

    assertThatThrownBy(() -> restorer.restore(request(sha512), "test"))
        .isInstanceOfSatisfying(OperationException.class,
            e -> assertThat(e.reason()).isEqualTo(OperationException.Reason.INVALID))
        .hasMessageContaining("not part of a ZooKeeper backup");
    assertThat(dataDir.resolve("version-2/snapshot.0")).hasContent("the data before");
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.map(Path::toString)).noneMatch(p -> p.contains("evil"));
    }
  }

  @Test
  void anArchiveThatWasNeverPushedIsNamedAsMissing() {
    assertThatThrownBy(() -> restorer.restore(request("ab".repeat(64)), "test"))
        .isInstanceOfSatisfying(OperationException.class,
            e -> assertThat(e.reason()).isEqualTo(OperationException.Reason.NOT_FOUND))
        .hasMessageContaining("push the backup archive first");
  }
}
