package dev.steward.coordinator.rollout;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The rollout journal and lock of one cluster, on the coordinator's disk:
 * {@code <dir>/current.json} (the unfinished rollout, rewritten atomically on every step) and
 * {@code <dir>/lock} (the pid of the coordinator driving it). Finished rollouts move to
 * {@code <dir>/history/<id>.json}.
 */
public final class RolloutStore {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path dir;

  public RolloutStore(Path dir) {
    this.dir = dir;
  }

  /** {@code $STEWARD_STATE_DIR/rollouts/<cluster>}, by default under ~/.steward. */
  public static RolloutStore forCluster(String cluster) {
    return new RolloutStore(dev.steward.coordinator.StateDirectory.root().resolve("rollouts").resolve(cluster));
  }

  public Optional<RolloutState> current() throws IOException {
    Path file = dir.resolve("current.json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(file.toFile(), RolloutState.class));
  }

  /** Writes the state durably before the caller acts on it: temp file, fsync, atomic rename. */
  public void save(RolloutState state) throws IOException {
    Files.createDirectories(dir);
    Path temp = dir.resolve(".current.json.tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(state)));
      channel.force(true);
    }
    move(temp, dir.resolve("current.json"));
    if (state.finished()) {
      Path history = dir.resolve("history");
      Files.createDirectories(history);
      Files.copy(dir.resolve("current.json"), history.resolve(state.id() + ".json"), StandardCopyOption.REPLACE_EXISTING);
      Files.delete(dir.resolve("current.json"));
    }
  }

  public Optional<RolloutState> last() throws IOException {
    Optional<RolloutState> current = current();
    if (current.isPresent()) {
      return current;
    }
    Path history = dir.resolve("history");
    if (!Files.isDirectory(history)) {
      return Optional.empty();
    }
    try (var files = Files.list(history)) {
      Optional<Path> newest = files.filter(p -> p.toString().endsWith(".json"))
          .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified()));
      return newest.isPresent() ? Optional.of(JSON.readValue(newest.get().toFile(), RolloutState.class)) : Optional.empty();
    }
  }

  /**
   * Takes the cluster's rollout lock for this process.
   *
   * @throws RolloutLockedException when another live coordinator process holds it
   */
  public Lock lock() throws IOException, RolloutLockedException {
    Files.createDirectories(dir);
    Path lockFile = dir.resolve("lock");
    long self = ProcessHandle.current().pid();
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.writeString(lockFile, Long.toString(self), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        return new Lock(lockFile, self);
      } catch (FileAlreadyExistsException e) {
        long holder = readPid(lockFile);
        if (holder > 0 && holder != self && ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false)) {
          throw new RolloutLockedException("another rollout of this cluster is running (coordinator pid " + holder
              + ", lock " + lockFile + "); one rollout at a time");
        }
        // The holder died (a crashed coordinator): its journal is what `resume` continues.
        Files.deleteIfExists(lockFile);
      }
    }
    throw new RolloutLockedException("could not take the rollout lock " + lockFile);
  }

  private static long readPid(Path file) {
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Held while a rollout runs; released on close. */
  public static final class Lock implements AutoCloseable {
    private final Path file;
    private final long pid;

    Lock(Path file, long pid) {
      this.file = file;
      this.pid = pid;
    }

    @Override
    public void close() throws IOException {
      if (readPid(file) == pid) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** The cluster is already being rolled by another coordinator. */
  public static final class RolloutLockedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RolloutLockedException(String message) {
      super(message);
    }
  }
}
