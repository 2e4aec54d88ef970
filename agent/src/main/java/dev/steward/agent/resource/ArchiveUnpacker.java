package dev.steward.agent.resource;

import dev.steward.agent.host.PosixModes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a .tgz into an empty directory, refusing any entry that would land outside it.
 * Regular files keep their permission bits (bin/*.sh stay executable); setuid/setgid bits
 * are dropped. Devices, fifos and the like are refused: a distribution has no use for them.
 */
final class ArchiveUnpacker {

  /** One copy buffer for the whole archive: a distribution has hundreds of files. */
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private ArchiveUnpacker() {
  }

  /**
   * @param stripTop the top-level directory to drop when entries start with it, or null
   * @param maxBytes the most the regular files may add up to (a small archive may unpack to a huge tree)
   * @param maxEntries the most entries the archive may hold
   */
  static void unpack(Path archive, Path target, String stripTop, long maxBytes, int maxEntries)
      throws IOException, TarEntryPaths.UnsafeEntryException {
    long written = 0;
    int entries = 0;
    Set<List<String>> links = new HashSet<>();
    Map<List<String>, String> linkTargets = new LinkedHashMap<>();
    Map<Path, Integer> directoryModes = new LinkedHashMap<>();
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    try (InputStream file = Files.newInputStream(archive);
         InputStream gzip = new GzipCompressorInputStream(new BufferedInputStream(file));
         TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (++entries > maxEntries) {
          throw new TarEntryPaths.UnsafeEntryException("it holds more than " + maxEntries + " entries");
        }
        List<String> segments = TarEntryPaths.segments(entry.getName(), stripTop);
        if (segments.isEmpty()) {
          continue;
        }
        checkNoLinkAbove(segments, links, entry.getName());
        Path path = resolve(target, segments);
        if (entry.isDirectory()) {
          if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new TarEntryPaths.UnsafeEntryException("directory entry " + TarEntryPaths.printable(entry.getName())
                + " replaces a file or link of the same name");
          }
          Files.createDirectories(path);
          directoryModes.put(path, entry.getMode() & 0777);
        } else if (entry.isSymbolicLink()) {
          refuseExisting(path, entry.getName());
          Files.createDirectories(path.getParent());
          links.add(List.copyOf(segments));
          linkTargets.put(List.copyOf(segments), entry.getLinkName());
          Files.createSymbolicLink(path, path.getFileSystem().getPath(entry.getLinkName()));
        } else if (entry.isLink()) {
          List<String> source = TarEntryPaths.segments(entry.getLinkName(), stripTop);
          checkNoLinkAbove(source, links, entry.getLinkName());
          Path sourcePath = resolve(target, source);
          if (source.isEmpty() || !Files.isRegularFile(sourcePath, LinkOption.NOFOLLOW_LINKS)) {
            throw new TarEntryPaths.UnsafeEntryException("hard link " + TarEntryPaths.printable(entry.getName())
                + " points to " + TarEntryPaths.printable(entry.getLinkName()) + ", which is not a file unpacked before it");
          }
          refuseExisting(path, entry.getName());
          Files.createDirectories(path.getParent());
          Files.copy(sourcePath, path, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } else if (entry.isFile()) {
          refuseExisting(path, entry.getName());
          Files.createDirectories(path.getParent());
          written = copyBounded(tar, path, buffer, written, maxBytes);
          int mode = entry.getMode() & 0777;
          Files.setPosixFilePermissions(path, PosixModes.toPermissions(mode == 0 ? 0644 : mode | 0400));
        } else {
          throw new TarEntryPaths.UnsafeEntryException("entry " + TarEntryPaths.printable(entry.getName())
              + " is a device, fifo or other special file");
        }
      }
    }
    // Checked once every link is known: a link may pass through one that comes later in the archive.
    for (Map.Entry<List<String>, String> link : linkTargets.entrySet()) {
      TarEntryPaths.checkSymlinkTarget(link.getKey(), link.getValue(), links);
    }
    // Modes of directories last: a read-only directory would have refused its own content.
    List<Path> deepestFirst = new ArrayList<>(directoryModes.keySet());
    deepestFirst.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
    for (Path dir : deepestFirst) {
      int mode = directoryModes.get(dir);
      Files.setPosixFilePermissions(dir, PosixModes.toPermissions(mode == 0 ? 0755 : mode | 0700));
    }
  }

  /** Copies one entry; refuses (mid-entry) once all files together pass {@code maxBytes}. */
  private static long copyBounded(InputStream in, Path path, byte[] buffer, long writtenBefore, long maxBytes)
      throws IOException, TarEntryPaths.UnsafeEntryException {
    long written = writtenBefore;
    try (java.io.OutputStream out = Files.newOutputStream(path, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        written += n;
        if (written > maxBytes) {
          throw new TarEntryPaths.UnsafeEntryException("it unpacks to more than " + maxBytes + " bytes (8 times the "
              + "agent's --max-artifact-bytes): not a Kafka distribution, or raise --max-artifact-bytes");
        }
        out.write(buffer, 0, n);
      }
    }
    return written;
  }

  private static Path resolve(Path target, List<String> segments) throws TarEntryPaths.UnsafeEntryException {
    Path path = target;
    for (String segment : segments) {
      path = path.resolve(segment);
    }
    Path normalized = path.normalize();
    if (!normalized.startsWith(target) || normalized.equals(target)) {
      throw new TarEntryPaths.UnsafeEntryException("entry " + TarEntryPaths.printable(String.join("/", segments))
          + " resolves outside the distribution directory");
    }
    return normalized;
  }

  /** No entry may be written through a link unpacked before it: the link could point anywhere. */
  private static void checkNoLinkAbove(List<String> segments, Set<List<String>> links, String name)
      throws TarEntryPaths.UnsafeEntryException {
    for (int i = 1; i < segments.size(); i++) {
      if (links.contains(segments.subList(0, i))) {
        throw new TarEntryPaths.UnsafeEntryException("entry " + TarEntryPaths.printable(name)
            + " lies below the symlink " + TarEntryPaths.printable(String.join("/", segments.subList(0, i))));
      }
    }
  }

  private static void refuseExisting(Path path, String name) throws TarEntryPaths.UnsafeEntryException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new TarEntryPaths.UnsafeEntryException("entry " + TarEntryPaths.printable(name)
          + " appears twice (or replaces a directory or link)");
    }
  }
}
