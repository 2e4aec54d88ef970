package dev.steward.coordinator.backup;

import dev.steward.agent.v1.DataFile;
import dev.steward.agent.v1.ZooKeeperDataPart;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.ZooKeeperDataFiles;
import dev.steward.coordinator.ScratchDirectories;
import dev.steward.coordinator.agent.AgentCallException;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import dev.steward.coordinator.progress.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * {@code steward backup zookeeper}: copies the ensemble leader's newest snapshots and the
 * transaction logs after them through its agent, replays the copy with ZooKeeper's own recovery
 * code to prove it restores (and to read its cluster id and last transaction), and writes the
 * archive with its checksum. Reads only: no service is touched.
 */
public final class ZooKeeperBackup {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /**
   * @param directory where archives go (created when missing)
   * @param keep when present, the newest this many backups of the cluster stay and older ones go
   */
  public record BackupOptions(Path directory, OptionalInt keep) {
  }

  public record BackupResult(Path archive, String sha512, BackupManifest manifest, long bytesRead,
      List<Path> removed) {
  }

  private final Inventory inventory;
  private final Fleet fleet;
  private final Clock clock;

  public ZooKeeperBackup(Inventory inventory, Fleet fleet, Clock clock) {
    this.inventory = inventory;
    this.fleet = fleet;
    this.clock = clock;
  }

  public BackupResult backup(EnsembleSnapshot ensemble, BackupOptions options, Progress progress)
      throws BackupException, IOException {
    ZooKeeperNodeState leader = ensemble.leader().orElseThrow(() -> BackupException.failed("the ensemble has no "
        + "leader (" + ensemble.describe() + "): a backup is read from the leader of a serving quorum, which holds "
        + "every committed transaction; bring the ensemble back (steward status) and run the backup again"));
    HostSpec source = inventory.host(leader.host()).orElseThrow();
    AgentClient agent = fleet.agent(source);
    String installed = agent.describeData().getZookeeper().getInstalledVersion();
    Files.createDirectories(options.directory());
    String stamp = STAMP.format(clock.instant());
    Path work = Files.createTempDirectory(options.directory(), ".zookeeper-backup-");
    try {
      progress.info("reading ZooKeeper's data from the leader " + source.name());
      FileReceiver receiver = new FileReceiver(work.resolve(ZooKeeperDataFiles.VERSION_DIR));
      try {
        agent.readZooKeeperData(receiver::accept);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } catch (AgentCallException e) {
        throw BackupException.failed(e.getMessage());
      }
      receiver.finish();
      ZooKeeperDataCheck.Replayed replayed;
      try {
        replayed = ZooKeeperDataCheck.replay(work);
      } catch (IOException e) {
        throw BackupException.failed("the copy read from " + source.name() + " does not replay with ZooKeeper's "
            + "recovery (" + e.getMessage() + "); nothing was written: run the backup again");
      }
      if (replayed.clusterId().isEmpty()) {
        throw BackupException.failed("the data read from " + source.name() + " has no /cluster/id: no Kafka broker "
            + "has started on this ensemble yet, so there is nothing a restore could check against");
      }
      List<String> hosts = inventory.zookeeperHosts().stream()
          .sorted(Comparator.comparingInt(h -> h.zookeeperId().getAsInt()))
          .map(h -> h.name() + "=" + h.address()).toList();
      BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, inventory.cluster(),
          replayed.clusterId().get(), "0x" + replayed.lastZxidHex(), clock.instant().toString(), installed,
          inventory.kafka().version().toString(), source.name(), hosts, replayed.znodes(), replayed.topics(),
          receiver.names());
      Path archive = options.directory().resolve(archivePrefix(inventory) + stamp + ".tar.gz");
      String sha512 = BackupArchive.write(archive, manifest, work);
      List<Path> removed = options.keep().isPresent() ? prune(options.directory(), options.keep().getAsInt())
          : List.of();
      return new BackupResult(archive, sha512, manifest, receiver.bytes(), removed);
    } finally {
      ScratchDirectories.delete(work);
    }
  }

  private static String archivePrefix(Inventory inventory) {
    return "zookeeper-" + inventory.cluster() + "-";
  }

  /** Older backups of this cluster beyond the newest {@code keep}, archive and checksum; names sort by time. */
  private List<Path> prune(Path directory, int keep) throws IOException {
    String prefix = archivePrefix(inventory);
    List<Path> archives;
    try (Stream<Path> files = Files.list(directory)) {
      archives = files.filter(p -> p.getFileName().toString().startsWith(prefix)
          && p.getFileName().toString().endsWith(".tar.gz")).sorted().toList();
    }
    List<Path> removed = new ArrayList<>();
    for (Path old : archives.subList(0, Math.max(0, archives.size() - keep))) {
      Files.deleteIfExists(dev.steward.common.inventory.ChecksumFiles.beside(old));
      Files.delete(old);
      removed.add(old);
    }
    return removed;
  }

  /** Writes the streamed files one after the other, checking each arrives whole and under a data file's name. */
  private static final class FileReceiver {

    private final Path dir;
    private final List<String> names = new ArrayList<>();
    private OutputStream current;
    private String currentName;
    private long expected;
    private long received;
    private long bytes;

    FileReceiver(Path dir) throws IOException {
      this.dir = Files.createDirectories(dir);
    }

    void accept(ZooKeeperDataPart part) {
      try {
        if (part.hasFile()) {
          next(part.getFile());
        } else {
          if (current == null) {
            throw new IOException("the agent sent data before naming its file");
          }
          part.getChunk().writeTo(current);
          received += part.getChunk().size();
          bytes += part.getChunk().size();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void next(DataFile file) throws IOException {
      closeCurrent();
      if (!ZooKeeperDataFiles.isDataFile(file.getName())) {
        throw new IOException("the agent sent a file named '" + file.getName() + "', not a ZooKeeper data file");
      }
      currentName = file.getName();
      expected = file.getSize();
      received = 0;
      current = Files.newOutputStream(dir.resolve(currentName), StandardOpenOption.CREATE_NEW);
      names.add(currentName);
    }

    private void closeCurrent() throws IOException {
      if (current != null) {
        current.close();
        current = null;
        if (received != expected) {
          throw new IOException(currentName + " arrived with " + received + " of its " + expected + " bytes");
        }
      }
    }

    void finish() throws IOException {
      closeCurrent();
      if (names.isEmpty()) {
        throw new IOException("the agent sent no file");
      }
    }

    List<String> names() {
      return List.copyOf(names);
    }

    long bytes() {
      return bytes;
    }
  }

}
