package dev.steward.agent.journal;

import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.LogicalPaths;
import dev.steward.agent.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's operation journal: one JSON file per operation id, written atomically at every
 * step, so a coordinator that lost its connection (or the agent that restarted) can find out
 * what happened. The newest {@code maxRecords} operations are kept.
 */
public final class OperationJournal {

  public static final int DEFAULT_MAX_RECORDS = 500;
  private static final int MAX_ID_LENGTH = 200;

  private static final Logger log = LoggerFactory.getLogger(OperationJournal.class);

  private final Path dir;
  private final int maxRecords;

  public OperationJournal(Path dir, int maxRecords) throws IOException {
    this.dir = dir;
    this.maxRecords = maxRecords;
    Files.createDirectories(dir);
  }

  /**
   * Marks operations that were running when the agent stopped. Called once at startup,
   * before any new operation.
   */
  public void markInterrupted() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        OperationRecord record = read(file);
        if (record != null && record.state() == OperationRecord.State.RUNNING) {
          log.warn("operation {} ({}) was interrupted by an agent restart", record.id(), record.describe());
          write(record.interrupted());
        }
      }
    }
  }

  /** Operation ids are the caller's: any text, but bounded and printable. */
  public static void requireValidId(String id) throws OperationException {
    if (id == null || id.isEmpty()) {
      throw new OperationException(OperationException.Reason.INVALID,
          "operation_id is empty: give every mutating call a unique id (e.g. a UUID) so it can be retried safely");
    }
    if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new OperationException(OperationException.Reason.INVALID, "operation_id " + LogicalPaths.printable(id)
          + " must be at most " + MAX_ID_LENGTH + " characters without control characters");
    }
  }

  public Optional<OperationRecord> find(String id) {
    Path file = fileOf(id);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.ofNullable(read(file)).filter(record -> record.id().equals(id));
  }

  public void save(OperationRecord record) {
    boolean added = !Files.exists(fileOf(record.id()));
    write(record);
    if (added) {
      prune();
    }
  }

  private void write(OperationRecord record) {
    try {
      AtomicFiles.write(fileOf(record.id()), Json.writeIndented(record.toJson()).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journal of operation " + record.id() + " in " + dir, e);
    }
  }

  private OperationRecord read(Path file) {
    try {
      return OperationRecord.fromJson(Json.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      log.warn("ignoring unreadable journal file {}: {}", file, e.getMessage());
      return null;
    }
  }

  /** Hashed: ids are free text, file names are not. */
  private Path fileOf(String id) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(hash) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void prune() {
    List<Map.Entry<Path, FileTime>> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : stream) {
        files.add(Map.entry(file, Files.getLastModifiedTime(file)));
      }
      if (files.size() <= maxRecords) {
        return;
      }
      files.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
      for (int i = 0; i < files.size() - maxRecords; i++) {
        Files.deleteIfExists(files.get(i).getKey());
      }
    } catch (IOException e) {
      log.warn("cannot prune the journal in {}: {}", dir, e.getMessage());
    }
  }
}
