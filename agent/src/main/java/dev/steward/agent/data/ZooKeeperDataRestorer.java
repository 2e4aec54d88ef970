package dev.steward.agent.data;

import dev.steward.common.service.ZooKeeperDataFiles;
import dev.steward.agent.artifact.ArtifactException;
import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.audit.AuditSink;
import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.Ownership;
import dev.steward.agent.journal.OperationException;
import dev.steward.agent.service.ServiceController;
import dev.steward.agent.v1.RestoreZooKeeperDataRequest;
import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.RestoreZooKeeperDataResponse;
import dev.steward.agent.v1.ServiceName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Lays a ZooKeeper backup down as this member's data. Only while ZooKeeper is stopped: a running
 * member would overwrite or ignore what is laid under it. The files go to new directories first,
 * made durable, then take the place of version-2 by rename; the directories they replace are
 * moved aside with the time in their name. Nothing is deleted.
 */
public final class ZooKeeperDataRestorer {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final ServiceData data;
  private final ServiceController services;
  private final ArtifactStore artifacts;
  private final AuditSink audit;
  private final Clock clock;

  public ZooKeeperDataRestorer(ServiceData data, ServiceController services, ArtifactStore artifacts, AuditSink audit,
      Clock clock) {
    this.data = data;
    this.services = services;
    this.artifacts = artifacts;
    this.audit = audit;
    this.clock = clock;
  }

  public RestoreZooKeeperDataResponse restore(RestoreZooKeeperDataRequest request, String caller)
      throws OperationException {
    Path archive = archive(request.getArtifactSha512());
    ServiceDataDirs.ZooKeeperDirs zk = data.dirs().zooKeeper().orElseThrow(() -> new OperationException(
        OperationException.Reason.FAILED_PRECONDITION, "ZooKeeper is not defined on this host: run apply first"));
    ServiceActiveState state = services.status(ServiceName.SERVICE_NAME_ZOOKEEPER).getActiveState();
    if (state != ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE && state != ServiceActiveState.SERVICE_ACTIVE_STATE_FAILED) {
      throw new OperationException(OperationException.Reason.FAILED_PRECONDITION, "ZooKeeper is running on this "
          + "host: stop it before its data is replaced (steward restore zookeeper stops it)");
    }
    if (!Files.isRegularFile(zk.myIdFile())) {
      throw new OperationException(OperationException.Reason.FAILED_PRECONDITION, zk.myIdFile() + " is missing: "
          + "run apply first (it writes myid and the directories), then restore");
    }
    String stamp = STAMP.format(clock.instant());
    Path snapshotsNew = sibling(zk.snapshotDir(), ".restoring-" + stamp);
    Path logsNew = sibling(zk.logDir(), ".restoring-" + stamp);
    int files;
    try {
      Ownership.Owners owners = Ownership.read(zk.dataDir());
      for (Path dir : distinct(snapshotsNew, logsNew)) {
        Files.createDirectories(dir);
        Ownership.set(dir, owners.owner(), owners.group());
      }
      files = unpack(archive, snapshotsNew, logsNew, owners);
      List<String> restored = new ArrayList<>();
      List<String> movedAside = new ArrayList<>();
      for (Path[] swap : distinctSwaps(new Path[] {snapshotsNew, zk.snapshotDir()}, new Path[] {logsNew, zk.logDir()})) {
        Path fresh = swap[0];
        Path current = swap[1];
        if (Files.exists(current)) {
          Path aside = sibling(current, ".before-restore-" + stamp);
          Files.move(current, aside);
          movedAside.add(aside.toString());
        }
        Files.move(fresh, current);
        AtomicFiles.fsyncDirectory(current.getParent());
        restored.add(current.toString());
      }
      audit.record(caller, request.getOperationId(), "restore-zookeeper-data", "zookeeper:" + zk.dataDir(),
          String.join(",", movedAside), "sha512:" + request.getArtifactSha512(), "CHANGED", files + " files");
      return RestoreZooKeeperDataResponse.newBuilder().addAllRestored(restored).addAllMovedAside(movedAside)
          .setFiles(files).build();
    } catch (IOException e) {
      audit.record(caller, request.getOperationId(), "restore-zookeeper-data", "zookeeper:" + zk.dataDir(), "",
          "sha512:" + request.getArtifactSha512(), "FAILED", e.toString());
      throw new OperationException(OperationException.Reason.INTERNAL, "restoring ZooKeeper's data: " + e.getMessage()
          + " (the current data is untouched unless " + zk.snapshotDir() + " names it as moved aside)");
    }
  }

  private Path archive(String sha512) throws OperationException {
    try {
      ArtifactStore.requireValidSha512("artifact_sha512", sha512);
    } catch (ArtifactException e) {
      throw new OperationException(OperationException.Reason.INVALID, e.getMessage());
    }
    return artifacts.find(sha512).orElseThrow(() -> new OperationException(OperationException.Reason.NOT_FOUND,
        "no artifact with artifact_sha512 " + sha512 + " on this host: push the backup archive first"));
  }

  /**
   * Accepts only what a backup holds: the manifest and version-2 data files by their exact names,
   * so no entry can land anywhere else.
   */
  private int unpack(Path archive, Path snapshots, Path logs, Ownership.Owners owners) throws IOException,
      OperationException {
    int files = 0;
    long written = 0;
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(archive);
         InputStream gzip = new GzipCompressorInputStream(new BufferedInputStream(in));
         TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        if (name.equals(ZooKeeperDataFiles.MANIFEST) || (entry.isDirectory() && name.equals(ZooKeeperDataFiles.VERSION_DIR + "/"))) {
          continue;
        }
        Optional<ZooKeeperDataFiles.DataFileName> file = name.startsWith(ZooKeeperDataFiles.VERSION_DIR + "/")
            ? ZooKeeperDataFiles.parse(name.substring(ZooKeeperDataFiles.VERSION_DIR.length() + 1)) : Optional.empty();
        if (file.isEmpty() || !entry.isFile()) {
          throw new OperationException(OperationException.Reason.INVALID, "the archive holds '" + name + "', which is "
              + "not part of a ZooKeeper backup: restore only archives made by steward backup zookeeper");
        }
        written += entry.getSize();
        if (written > artifacts.maxUnpackedBytes()) {
          throw new OperationException(OperationException.Reason.INVALID, "the archive unpacks to more than "
              + artifacts.maxUnpackedBytes() + " bytes, the agent's limit (--max-artifact-bytes)");
        }
        Path target = (file.get().kind() == ZooKeeperDataFiles.Kind.SNAPSHOT ? snapshots : logs).resolve(file.get().name());
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
          int n;
          while ((n = tar.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
          }
        }
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        Ownership.set(target, owners.owner(), owners.group());
        files++;
      }
    }
    if (files == 0) {
      throw new OperationException(OperationException.Reason.INVALID, "the archive holds no ZooKeeper data file");
    }
    for (Path dir : distinct(snapshots, logs)) {
      AtomicFiles.fsyncDirectory(dir);
    }
    return files;
  }

  private static Path sibling(Path dir, String suffix) {
    return dir.resolveSibling(dir.getFileName() + suffix);
  }

  private static Set<Path> distinct(Path a, Path b) {
    return new LinkedHashSet<>(List.of(a, b));
  }

  private static List<Path[]> distinctSwaps(Path[] first, Path[] second) {
    return first[1].equals(second[1]) ? List.<Path[]>of(first) : List.of(first, second);
  }
}
