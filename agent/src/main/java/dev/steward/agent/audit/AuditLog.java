package dev.steward.agent.audit;

import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.PosixModes;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <state-dir>/audit.log}: one JSON line per change, appended and fsynced before the
 * call returns, mode 0600. Contents never go in: a file's digest is its SHA-256 (what
 * {@code sha256sum} prints), and a secret's is an HMAC-SHA256 under a per-agent key
 * ({@code audit.key}, 0600), so that a short password cannot be found by hashing guesses.
 */
public final class AuditLog implements AuditSink {

  public static final int DEFAULT_READ = 100;
  public static final int MAX_READ = 10_000;

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private static final int MAX_MESSAGE = 1000;

  private final Path file;
  private final Clock clock;
  private final byte[] secretKey;

  public AuditLog(Path file, Path keyFile, Clock clock) throws IOException {
    this.file = file;
    this.clock = clock;
    this.secretKey = loadOrCreateKey(keyFile);
    endTornLine(file);
  }

  /** A crash mid-append leaves a line without its newline: end it, so the next entry is a line of its own. */
  private static void endTornLine(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, channel.size() - 1);
      if (last.get(0) != '\n') {
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}), channel.size());
        channel.force(true);
      }
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public String digest(byte[] content, boolean secret) {
    try {
      if (secret) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
        return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(content));
      }
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256/HMAC missing from this JVM", e);
    }
  }

  @Override
  public synchronized void record(String caller, String operationId, String action, String resource, String before,
                                  String after, String result, String message) {
    AuditEvent event = new AuditEvent(DateTimeFormatter.ISO_INSTANT.format(clock.instant()), caller, operationId,
        action, resource, before, after, result, truncate(message));
    try {
      byte[] line = (event.toLine() + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixModes.toPermissions(0600)))) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
    } catch (IOException | RuntimeException e) {
      log.error("cannot append to the audit log {}: {} (the change was: {} {} by {}, {})", file, e.getMessage(),
          action, resource, caller, result);
    }
  }

  /** The newest {@code limit} entries, oldest first, and how many there are in all. */
  public synchronized Tail read(int limit) throws IOException {
    int wanted = Math.min(Math.max(limit <= 0 ? DEFAULT_READ : limit, 1), MAX_READ);
    Deque<AuditEvent> newest = new ArrayDeque<>();
    long total = 0;
    if (!Files.exists(file)) {
      return new Tail(List.of(), 0);
    }
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        AuditEvent event;
        try {
          event = AuditEvent.fromLine(line);
        } catch (IOException e) {
          // a line torn by a crash: say so rather than hide it
          event = new AuditEvent("", "", "", "unreadable", "", "", "", "UNREADABLE", "a torn or corrupt audit line");
        }
        total++;
        newest.addLast(event);
        if (newest.size() > wanted) {
          newest.removeFirst();
        }
      }
    }
    return new Tail(List.copyOf(newest), total);
  }

  /** Some entries and the number of entries in the whole log. */
  public record Tail(List<AuditEvent> entries, long total) {
  }

  private static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE) + "...";
  }

  private static byte[] loadOrCreateKey(Path keyFile) throws IOException {
    if (Files.exists(keyFile)) {
      byte[] key = Files.readAllBytes(keyFile);
      if (key.length >= 32) {
        return key;
      }
      log.warn("{} is too short: making a new audit key (older secret digests can no longer be compared)", keyFile);
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.createDirectories(keyFile.toAbsolutePath().getParent());
    AtomicFiles.write(keyFile, key, PosixModes.toPermissions(0600), temp -> { });
    return key;
  }
}
