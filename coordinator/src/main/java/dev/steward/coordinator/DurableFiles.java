package dev.steward.coordinator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Replaces a file so that a crash at any moment leaves either its old content or its new one,
 * never a mix or nothing: the new content goes to a temp file in the same directory (a rename
 * is atomic only within one file system), is fsynced, renamed over the target, and then the
 * directory is fsynced so the rename itself survives a power loss. The rollout journal's local
 * copy, the PKI files and the inventory an upgrade rewrites all go through here.
 */
public final class DurableFiles {

  /** Who may read the file written. */
  public record Mode(Optional<Set<PosixFilePermission>> permissions) {

    /** 0600: private keys, tokens. */
    public static final Mode OWNER_ONLY = of("rw-------");
    /** 0644: certificates. */
    public static final Mode WORLD_READABLE = of("rw-r--r--");
    /** Whatever the process's umask gives a new file. */
    public static final Mode DEFAULT = new Mode(Optional.empty());

    /** The permissions {@code file} has now (so a rewrite does not widen or narrow them); the default if none. */
    public static Mode sameAs(Path file) {
      try {
        return new Mode(Optional.of(Files.getPosixFilePermissions(file)));
      } catch (IOException | UnsupportedOperationException e) {
        return DEFAULT;
      }
    }

    private static Mode of(String permissions) {
      return new Mode(Optional.of(PosixFilePermissions.fromString(permissions)));
    }
  }

  /** The steps that touch the disk, apart so a test can fail one and see what is left behind. */
  interface Disk {
    Disk REAL = new Disk() {
    };

    default void flush(FileChannel file) throws IOException {
      file.force(true);
    }

    default void rename(Path from, Path to) throws IOException {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // A non-atomic replace is the window this class exists to close: refuse rather than risk it.
        throw new IOException("cannot replace " + to + " atomically: " + e.getMessage(), e);
      }
    }

    default void flushDirectory(Path dir) {
      try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException | UnsupportedOperationException ignored) {
        // best effort: some file systems refuse fsync on a directory
      }
    }
  }

  private DurableFiles() {
  }

  public static void write(Path target, String content, Mode mode) throws IOException {
    write(target, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  public static void write(Path target, byte[] content, Mode mode) throws IOException {
    write(target, content, mode, Disk.REAL);
  }

  static void write(Path target, byte[] content, Mode mode, Disk disk) throws IOException {
    // Through a symbolic link (an inventory kept in a config repository): replace what it points to, keep the link.
    Path file = Files.isSymbolicLink(target) ? target.toRealPath() : target;
    Path dir = file.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), attributes(mode))) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        disk.flush(channel);
      }
      if (mode.permissions().isPresent()) {
        // the umask may have taken bits away at creation (0644 under umask 077)
        Files.setPosixFilePermissions(temp, mode.permissions().get());
      }
      disk.rename(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
    disk.flushDirectory(dir);
  }

  private static FileAttribute<?>[] attributes(Mode mode) {
    // Created with its final permissions, so a private key is never readable by others, not even for an instant.
    return mode.permissions().<FileAttribute<?>[]>map(p -> new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(p)}).orElse(new FileAttribute<?>[0]);
  }
}
