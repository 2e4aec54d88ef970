package dev.steward.agent.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Crash-safe file replacement: a reader (or a crash) sees either the old content or the new
 * one, never a torn mix. Temp file in the same directory (so rename stays on one file
 * system), write, fsync, optional attributes, atomic rename, fsync the directory so the
 * rename itself is durable.
 */
public final class AtomicFiles {

  /** Called on the temp file before the rename, e.g. to set mode and owner. */
  @FunctionalInterface
  public interface Preparer {
    void prepare(Path temp) throws IOException;
  }

  private AtomicFiles() {
  }

  public static void write(Path target, byte[] content) throws IOException {
    write(target, content, null, temp -> { });
  }

  /**
   * @param permissions the temp file is created with these (so a secret is never readable by
   *     others, not even briefly); null for the process umask default
   */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions, Preparer preparer)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + ".steward-tmp-" + UUID.randomUUID());
    FileAttribute<?>[] attributes = permissions == null
        ? new FileAttribute<?>[0]
        : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    try {
      try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), attributes)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (permissions != null) {
        // creation applied the umask: set the exact bits
        Files.setPosixFilePermissions(temp, permissions);
      }
      preparer.prepare(temp);
      moveAtomically(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    fsyncDirectory(dir);
  }

  /** rename(2): replaces {@code target} (a file or a symlink, never followed) atomically. */
  public static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + source + " to " + target + " atomically: " + e.getMessage(), e);
    }
  }

  /** Makes a rename or a new entry in {@code dir} durable. Best effort where unsupported. */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Some file systems refuse fsync on a directory; the rename has still happened.
    }
  }
}
