package dev.steward.agent.artifact;

import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.LogicalPaths;
import dev.steward.common.inventory.Sha512Hex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distribution archives pushed by the coordinator, stored by content: {@code <sha512>.tgz}
 * plus a small {@code <sha512>.name} with the original file name. A file only ever appears
 * under its final name after its size and SHA-512 were verified, so anything named like an
 * artifact is complete and genuine.
 */
public final class ArtifactStore {

  public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(ArtifactStore.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-]{1,200}");
  private static final String UPLOAD_PREFIX = ".upload-";

  private final Path dir;
  private final long maxBytes;

  public ArtifactStore(Path dir, long maxBytes) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    Files.createDirectories(dir);
    removeAbandonedUploads();
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The most an archive from this store may unpack to: 8 times the upload limit (16 GiB by default). */
  public long maxUnpackedBytes() {
    return maxBytes > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : maxBytes * 8;
  }

  /** The stored archive with this checksum, if present. */
  public Optional<Path> find(String sha512) {
    return Sha512Hex.normalize(sha512).map(canonical -> dir.resolve(canonical + ".tgz")).filter(Files::isRegularFile);
  }

  /** Starts an upload; the caller writes the chunks, then finishes or aborts it. */
  public Upload begin(String name, String sha512, long size) throws ArtifactException {
    requireValidName(name);
    requireValidSha512("header.sha512", sha512);
    if (size < 0 || size > maxBytes) {
      throw new ArtifactException(ArtifactException.Reason.INVALID, "header.size " + Long.toUnsignedString(size)
          + " exceeds the agent's limit of "
          + maxBytes + " bytes: raise the agent's --max-artifact-bytes or push a smaller archive");
    }
    Path temp = dir.resolve(UPLOAD_PREFIX + UUID.randomUUID());
    try {
      return new Upload(name, Sha512Hex.normalize(sha512).orElseThrow(), size, temp,
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new ArtifactException(ArtifactException.Reason.STORAGE, "cannot create an upload file in " + dir + ": "
          + e.getMessage(), e);
    }
  }

  public static void requireValidName(String name) throws ArtifactException {
    if (name == null || name.isEmpty()) {
      throw new ArtifactException(ArtifactException.Reason.INVALID,
          "header.name is empty: give the archive's file name, e.g. kafka_2.13-3.9.1.tgz");
    }
    if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new ArtifactException(ArtifactException.Reason.INVALID, "header.name " + LogicalPaths.printable(name)
          + " is not a plain file name: use only letters, digits, '.', '_', '+', '-' (at most 200), no '/'");
    }
  }

  public static void requireValidSha512(String field, String sha512) throws ArtifactException {
    if (!Sha512Hex.isValid(sha512)) {
      throw new ArtifactException(ArtifactException.Reason.INVALID, field + " must be a SHA-512 in hex ("
          + Sha512Hex.RULE + "), got " + LogicalPaths.printable(sha512) + ": " + Sha512Hex.FIX);
    }
  }

  private void removeAbandonedUploads() throws IOException {
    try (DirectoryStream<Path> uploads = Files.newDirectoryStream(dir, UPLOAD_PREFIX + "*")) {
      for (Path upload : uploads) {
        Files.deleteIfExists(upload);
      }
    }
  }

  /**
   * One artifact being received, written to disk chunk by chunk as it arrives: the agent never
   * holds more of it than the chunk in hand. Not thread-safe: one gRPC call feeds it in order.
   */
  public final class Upload implements AutoCloseable {

    /**
     * The most handed to one file write. The JDK copies a heap buffer into a direct buffer of
     * the same size before writing it and keeps that buffer for the thread (each gRPC executor
     * thread would keep one as large as the largest chunk a client ever sent); slices keep
     * those copies small whatever the chunk size.
     */
    static final int WRITE_SLICE_BYTES = 64 * 1024;

    private final String name;
    private final String expectedSha512;
    private final long expectedSize;
    private final Path temp;
    private final FileChannel out;
    private final MessageDigest digest;
    private long received;
    private boolean done;

    private Upload(String name, String expectedSha512, long expectedSize, Path temp, FileChannel out) {
      this.name = name;
      this.expectedSha512 = expectedSha512;
      this.expectedSize = expectedSize;
      this.temp = temp;
      this.out = out;
      try {
        this.digest = MessageDigest.getInstance("SHA-512");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-512 is missing from this JVM", e);
      }
    }

    public String sha512() {
      return expectedSha512;
    }

    public String name() {
      return name;
    }

    public void write(byte[] chunk) throws ArtifactException {
      write(ByteBuffer.wrap(chunk));
    }

    /** Appends the buffer's remaining bytes (and consumes them). */
    public void write(ByteBuffer chunk) throws ArtifactException {
      received += chunk.remaining();
      if (received > expectedSize) {
        abort();
        throw new ArtifactException(ArtifactException.Reason.INVALID, "received more than header.size ("
            + expectedSize + " bytes) for " + name + ": send the archive's exact size in the header");
      }
      digest.update(chunk.duplicate());
      try {
        while (chunk.hasRemaining()) {
          ByteBuffer slice = chunk.slice();
          slice.limit(Math.min(slice.remaining(), WRITE_SLICE_BYTES));
          chunk.position(chunk.position() + out.write(slice));
        }
      } catch (IOException e) {
        abort();
        throw new ArtifactException(ArtifactException.Reason.STORAGE, "cannot write " + name + " to " + dir + ": "
            + e.getMessage(), e);
      }
    }

    /** Verifies size and checksum, then makes the artifact visible under its final name. */
    public Path finish() throws ArtifactException {
      try {
        if (received != expectedSize) {
          throw new ArtifactException(ArtifactException.Reason.INVALID, name + ": expected " + expectedSize
              + " bytes (header.size), received " + received + ": the upload was cut short or the header is wrong");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha512)) {
          throw new ArtifactException(ArtifactException.Reason.INVALID, name + ": SHA-512 mismatch, expected "
              + expectedSha512 + " (header.sha512), actual " + actual
              + ": the file is corrupt or the checksum belongs to another file");
        }
        out.force(true);
        out.close();
        AtomicFiles.write(dir.resolve(expectedSha512 + ".name"), (name + "\n").getBytes(StandardCharsets.UTF_8));
        Path target = dir.resolve(expectedSha512 + ".tgz");
        AtomicFiles.moveAtomically(temp, target);
        AtomicFiles.fsyncDirectory(dir);
        done = true;
        log.info("stored artifact {} ({} bytes, sha512 {}..)", name, received, expectedSha512.substring(0, 16));
        return target;
      } catch (IOException e) {
        throw new ArtifactException(ArtifactException.Reason.STORAGE, "cannot store " + name + " in " + dir + ": "
            + e.getMessage(), e);
      } finally {
        if (!done) {
          abort();
        }
      }
    }

    /** Drops whatever was received. Safe to call more than once. */
    public void abort() {
      done = true;
      try {
        out.close();
      } catch (IOException ignored) {
        // deleting it is what matters
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        log.warn("cannot remove abandoned upload {}: {}", temp, e.getMessage());
      }
    }

    @Override
    public void close() {
      if (!done) {
        abort();
      }
    }
  }
}
