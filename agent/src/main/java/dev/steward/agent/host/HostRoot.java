package dev.steward.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The directory the agent treats as "/". Every path a request names is logical and goes
 * through here, so no resource can reach outside the host root: not with {@code ..}, not
 * through a symlink that already exists in the tree (relative or absolute), and not through
 * a root that is itself a symlink.
 *
 * <p>Resolution returns the path <em>inside</em> the root as written (links are kept, so a
 * file under the {@code /opt/kafka} link lands in the active version); the containment check
 * is done on the fully link-resolved location.
 */
public final class HostRoot {

  /** Linux's own limit on symlink hops (ELOOP). */
  private static final int MAX_LINK_HOPS = 40;

  private final Path root;
  private final Path realRoot;

  /**
   * @throws IOException when the root does not exist or is not a directory
   */
  public HostRoot(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
    if (!Files.isDirectory(realRoot)) {
      throw new IOException("host root " + root + " is not a directory");
    }
  }

  /** The root as configured (absolute, normalized, links not resolved). */
  public Path path() {
    return root;
  }

  /**
   * Resolves a logical path, following links at every level including the last one: use it
   * for paths that are read or written through.
   *
   * @param field the request field, named in messages
   */
  public Path resolve(String field, String logicalPath) throws PathRejectedException {
    Path candidate = lexical(field, logicalPath);
    Path effective = effectiveLocation(field, logicalPath, candidate);
    if (!effective.startsWith(realRoot)) {
      throw escape(field, logicalPath, effective);
    }
    return candidate;
  }

  /**
   * Resolves a logical path whose last component is itself managed (a symlink the agent
   * replaces, e.g. an archive's {@code /opt/kafka} link): the parent must stay inside the
   * root, the last component is not followed.
   */
  public Path resolveNoFollowLast(String field, String logicalPath) throws PathRejectedException {
    Path candidate = lexical(field, logicalPath);
    if (candidate.equals(root)) {
      throw new PathRejectedException(field + " may not be the host root itself");
    }
    resolve(field, "/" + root.relativize(candidate.getParent()).toString().replace('\\', '/'));
    return candidate;
  }

  private Path lexical(String field, String logicalPath) throws PathRejectedException {
    List<String> segments = LogicalPaths.segments(field, logicalPath);
    Path candidate = root;
    for (String segment : segments) {
      candidate = candidate.resolve(segment);
    }
    return candidate;
  }

  /**
   * Where the path really points: the real path of its nearest existing ancestor, with the
   * remaining (not yet existing) segments appended. A dangling symlink on the way is
   * followed by hand, because it would be followed on write.
   */
  private Path effectiveLocation(String field, String logicalPath, Path candidate) throws PathRejectedException {
    Path current = candidate;
    for (int hops = 0; hops <= MAX_LINK_HOPS; hops++) {
      Path existing = current;
      Path rest = existing.getFileSystem().getPath("");
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        rest = existing.getFileName().resolve(rest);
        existing = existing.getParent();
      }
      if (existing == null) {
        throw new PathRejectedException(field + " " + LogicalPaths.printable(logicalPath)
            + ": the host root " + root + " does not exist");
      }
      try {
        return existing.toRealPath().resolve(rest).normalize();
      } catch (NoSuchFileException dangling) {
        // `existing` is (or goes through) a link to something missing: follow it by hand.
        current = danglingTarget(field, logicalPath, existing).resolve(rest).normalize();
      } catch (IOException e) {
        throw new PathRejectedException(field + " " + LogicalPaths.printable(logicalPath)
            + " cannot be resolved: " + e.getMessage());
      }
    }
    throw new PathRejectedException(field + " " + LogicalPaths.printable(logicalPath)
        + " goes through too many symbolic links");
  }

  private Path danglingTarget(String field, String logicalPath, Path existing) throws PathRejectedException {
    try {
      Path parentReal = existing.getParent() == null ? existing.getRoot() : existing.getParent().toRealPath();
      Path target = Files.readSymbolicLink(existing);
      Path resolved = parentReal.resolve(target).normalize();
      if (!resolved.startsWith(realRoot)) {
        throw escape(field, logicalPath, resolved);
      }
      return resolved;
    } catch (IOException e) {
      throw new PathRejectedException(field + " " + LogicalPaths.printable(logicalPath)
          + " cannot be resolved: " + e.getMessage());
    }
  }

  private PathRejectedException escape(String field, String logicalPath, Path effective) {
    return new PathRejectedException(field + " " + LogicalPaths.printable(logicalPath)
        + " resolves to " + effective + ", outside the host root " + realRoot
        + " (through a symbolic link): remove or fix that link");
  }
}
