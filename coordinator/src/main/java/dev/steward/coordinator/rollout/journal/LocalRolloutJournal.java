package dev.steward.coordinator.rollout.journal;

import dev.steward.coordinator.DurableFiles;
import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.RolloutStore.RolloutLockedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A rollout journal in a directory: {@code <dir>/current.json} (the unfinished rollout, rewritten
 * atomically on every step), {@code <dir>/history/<id>.json} (finished ones) and {@code <dir>/lock}
 * (the pid of the process driving it). The ZooKeeper journal keeps its local cache in this form;
 * on its own it only keeps apart processes of one machine, which is what tests need.
 */
public final class LocalRolloutJournal implements RolloutJournal {

  private final Path dir;

  public LocalRolloutJournal(Path dir) {
    this.dir = dir;
  }

  public Path directory() {
    return dir;
  }

  @Override
  public Optional<RolloutState> current() throws IOException {
    Path file = dir.resolve("current.json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(JournalRecord.decode(Files.readAllBytes(file), file.toString()).state());
  }

  /**
   * Writes the state durably before the caller acts on it. A finished rollout is written to the
   * history before {@code current.json} goes: a crash in between leaves it in both, never in neither.
   */
  @Override
  public void save(RolloutState state) throws IOException {
    Files.createDirectories(dir);
    byte[] record = new JournalRecord(state, Optional.empty()).encode();
    Path current = dir.resolve("current.json");
    DurableFiles.write(current, record, DurableFiles.Mode.DEFAULT);
    if (state.finished()) {
      Path history = dir.resolve("history");
      Files.createDirectories(history);
      DurableFiles.write(history.resolve(state.id() + ".json"), record, DurableFiles.Mode.DEFAULT);
      Files.delete(current);
    }
  }

  @Override
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
          .max(Comparator.comparingLong(p -> p.toFile().lastModified()));
      if (newest.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(JournalRecord.decode(Files.readAllBytes(newest.get()), newest.get().toString()).state());
    }
  }

  @Override
  public java.util.List<RolloutState> history(int limit) throws IOException {
    Path history = dir.resolve("history");
    if (!Files.isDirectory(history)) {
      return java.util.List.of();
    }
    java.util.List<RolloutState> states = new java.util.ArrayList<>();
    try (var files = Files.list(history)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        states.add(JournalRecord.decode(Files.readAllBytes(file), file.toString()).state());
      }
    }
    return newestFirst(states, limit);
  }

  /** Newest created first, at most {@code limit}. */
  static java.util.List<RolloutState> newestFirst(java.util.List<RolloutState> states, int limit) {
    return states.stream().sorted(Comparator.comparingLong(RolloutState::createdAtMillis).reversed())
        .limit(limit).toList();
  }

  /**
   * Creates the lock file with this process's pid. A lock naming a process that no longer runs
   * is stale and replaced; one that cannot be read (being written this instant, or damaged) is
   * not guessed about: it is refused like a live one, so two processes never both "clean it up".
   */
  @Override
  public JournalLock lock(boolean takeOver) throws IOException, RolloutLockedException {
    Files.createDirectories(dir);
    Path lockFile = dir.resolve("lock");
    long self = ProcessHandle.current().pid();
    Optional<LockHolder> previous = Optional.empty();
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.writeString(lockFile, Long.toString(self), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        return new FileLock(lockFile, self, previous);
      } catch (FileAlreadyExistsException e) {
        OptionalLong holder = readPid(lockFile);
        if (holder.isEmpty() && !Files.exists(lockFile)) {
          continue; // released between our attempt and the read
        }
        boolean alive = holder.isPresent() && holder.getAsLong() != self
            && ProcessHandle.of(holder.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
        if (holder.isEmpty() && !takeOver) {
          throw new RolloutLockedException("the rollout lock " + lockFile + " cannot be read (being written, or "
              + "damaged); if no coordinator is running, take it over with `steward rollout resume --take-over`",
              Optional.empty());
        }
        if (alive && !takeOver) {
          throw new RolloutLockedException("another rollout of this cluster is running (coordinator pid "
              + holder.getAsLong() + ", lock " + lockFile + "); one rollout at a time", Optional.of(holderOf(lockFile,
              holder.getAsLong())));
        }
        if (alive) {
          previous = Optional.of(holderOf(lockFile, holder.getAsLong()));
        }
        // A dead holder (a crashed coordinator), or an explicit take-over: its journal is what `resume` continues.
        Files.deleteIfExists(lockFile);
      }
    }
    throw new RolloutLockedException("could not take the rollout lock " + lockFile, Optional.empty());
  }

  @Override
  public JournalSnapshot snapshot() throws IOException {
    Path lockFile = dir.resolve("lock");
    Optional<LockHolder> holder = Optional.empty();
    OptionalLong pid = readPid(lockFile);
    if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
      holder = Optional.of(holderOf(lockFile, pid.getAsLong()));
    }
    return new JournalSnapshot(JournalSnapshot.Source.LOCAL_DISK, dir.toString(), last(), holder, Optional.empty(),
        Optional.empty());
  }

  @Override
  public void close() {
    // nothing held open
  }

  private static LockHolder holderOf(Path lockFile, long pid) {
    long since = lockFile.toFile().lastModified();
    return new LockHolder(LockHolder.hostName(), pid, "?", since, "?");
  }

  private static OptionalLong readPid(Path file) {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The lock file; released only while it still names this process. */
  private static final class FileLock implements JournalLock {
    private final Path file;
    private final long pid;
    private final Optional<LockHolder> tookOverFrom;

    FileLock(Path file, long pid, Optional<LockHolder> tookOverFrom) {
      this.file = file;
      this.pid = pid;
      this.tookOverFrom = tookOverFrom;
    }

    @Override
    public Optional<LockHolder> tookOverFrom() {
      return tookOverFrom;
    }

    @Override
    public void close() throws IOException {
      if (readPid(file).equals(OptionalLong.of(pid))) {
        Files.deleteIfExists(file);
      }
    }
  }
}
