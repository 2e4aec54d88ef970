package dev.steward.agent.resource;

import dev.steward.agent.artifact.ArtifactException;
import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.Ownership;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.v1.ArchiveResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.common.inventory.Sha512Hex;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A Kafka distribution: the pushed .tgz unpacked to {@code <install_root>/<name>} and the
 * {@code link} pointed at it. Unpacking goes to a temp directory renamed into place, so a
 * crash never leaves a half-unpacked version under the real name; the link is swapped with a
 * rename too. Older versions stay for rollback, and an existing version is never unpacked
 * again.
 */
public final class ArchiveHandler implements ResourceHandler<ArchiveResource, ArchiveHandler.Observed> {

  private static final String UNPACK_PREFIX = ".steward-unpack-";
  /** A Kafka distribution has a few hundred entries. */
  static final int MAX_ENTRIES = 100_000;
  private static final String LINK_PREFIX = ".steward-link-";

  /** What the link currently is. */
  public enum LinkState {
    MISSING, SYMLINK, NOT_A_SYMLINK
  }

  /**
   * The host's side of an archive resource.
   *
   * @param currentTarget the link's target as written, when it is a symlink
   * @param pointsAtVersion the link resolves to {@code versionDir}
   */
  public record Observed(Path installRoot, Path versionDir, Path link, Optional<Path> artifact, boolean versionExists,
                         LinkState linkState, String currentTarget, boolean pointsAtVersion,
                         List<String> missingPrincipals) {
  }

  private final HostRoot hostRoot;
  private final ArtifactStore artifacts;

  public ArchiveHandler(HostRoot hostRoot, ArtifactStore artifacts) {
    this.hostRoot = hostRoot;
    this.artifacts = artifacts;
  }

  @Override
  public ArchiveResource desired(Resource resource) {
    return resource.getArchive();
  }

  @Override
  public RestartReasonKind notifyKind() {
    return RestartReasonKind.RESTART_REASON_KIND_BINARIES_CHANGED;
  }

  @Override
  public Observed observe(ArchiveResource desired) throws IOException, ResourceFailure {
    try {
      ArtifactStore.requireValidName(desired.getName());
    } catch (ArtifactException e) {
      throw new ResourceFailure(e.getMessage().replace("header.name", "archive.name"), e);
    }
    if (!Sha512Hex.isValid(desired.getSha512())) {
      throw new ResourceFailure("archive.sha512 is not a SHA-512: " + Sha512Hex.FIX);
    }
    Path installRoot;
    Path versionDir;
    Path link;
    try {
      installRoot = hostRoot.resolve("archive.install_root", desired.getInstallRoot());
      String versionPath = desired.getInstallRoot().equals("/") ? "/" + desired.getName()
          : desired.getInstallRoot() + "/" + desired.getName();
      versionDir = hostRoot.resolve("archive.install_root + name", versionPath);
      link = hostRoot.resolveNoFollowLast("archive.link", desired.getLink());
    } catch (PathRejectedException e) {
      throw new ResourceFailure(e.getMessage(), e);
    }
    List<String> missing = Principals.missing(installRoot.getFileSystem(), desired.getOwner(), desired.getGroup());
    boolean versionExists = Files.isDirectory(versionDir);
    LinkState linkState = LinkState.MISSING;
    String currentTarget = "";
    boolean pointsAtVersion = false;
    if (Files.isSymbolicLink(link)) {
      linkState = LinkState.SYMLINK;
      currentTarget = Files.readSymbolicLink(link).toString();
      pointsAtVersion = sameLocation(link, versionDir);
    } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      linkState = LinkState.NOT_A_SYMLINK;
    }
    return new Observed(installRoot, versionDir, link, artifacts.find(desired.getSha512()), versionExists, linkState,
        currentTarget, pointsAtVersion, missing);
  }

  @Override
  public Diff diff(ArchiveResource desired, Observed observed) {
    if (!observed.missingPrincipals().isEmpty()) {
      return Diff.conflict(Principals.missingMessage(observed.missingPrincipals(), "archive.owner/archive.group"));
    }
    if (observed.linkState() == LinkState.NOT_A_SYMLINK) {
      return Diff.conflict(desired.getLink() + " exists and is not a symbolic link: move it away (e.g. to "
          + desired.getLink() + ".bak) so that it can point at the active version");
    }
    // A missing artifact is not a conflict: a plan runs before the coordinator pushes it, and
    // must show the install. Applying without it fails (see apply).
    StringBuilder text = new StringBuilder();
    if (!observed.versionExists()) {
      text.append("unpack ").append(desired.getName()).append(" (sha512 ").append(desired.getSha512(), 0, 16)
          .append("..) to ").append(joinLogical(desired.getInstallRoot(), desired.getName()))
          .append(observed.artifact().isEmpty() ? " (once the coordinator has pushed it)" : "").append('\n');
    }
    boolean linkChanges = !observed.pointsAtVersion();
    if (linkChanges) {
      text.append("link ").append(desired.getLink()).append(" -> ").append(desired.getName());
      if (observed.linkState() == LinkState.SYMLINK) {
        text.append(" (was -> ").append(observed.currentTarget()).append(')');
      }
      text.append('\n');
    }
    if (text.length() == 0) {
      return Diff.none();
    }
    // Services read binaries through the link: new binaries under it mean a restart.
    return Diff.change(text.toString().stripTrailing(), linkChanges || !observed.versionExists());
  }

  @Override
  public String apply(ArchiveResource desired, Observed observed, Diff diff) throws IOException, ResourceFailure {
    if (!observed.versionExists()) {
      unpack(desired, observed);
    }
    if (!observed.pointsAtVersion()) {
      pointLink(observed.link(), observed.versionDir(), desired);
    }
    return "";
  }

  private void unpack(ArchiveResource desired, Observed observed) throws IOException, ResourceFailure {
    Path archive = observed.artifact().orElseThrow(() -> new ResourceFailure("push the artifact first: "
        + desired.getName() + " (sha512 " + desired.getSha512().substring(0, 16)
        + "..) is not in the agent's artifact store"));
    Files.createDirectories(observed.installRoot());
    removeAbandonedUnpacks(observed.installRoot(), desired.getName());
    Path temp = observed.installRoot().resolve(UNPACK_PREFIX + desired.getName() + "-" + UUID.randomUUID());
    Files.createDirectory(temp);
    try {
      ArchiveUnpacker.unpack(archive, temp, desired.getName(), artifacts.maxUnpackedBytes(), MAX_ENTRIES);
      if (!desired.getOwner().isEmpty() || !desired.getGroup().isEmpty()) {
        chownTree(temp, desired.getOwner(), desired.getGroup());
      }
      Files.move(temp, observed.versionDir(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.fsyncDirectory(observed.installRoot());
    } catch (TarEntryPaths.UnsafeEntryException e) {
      throw new ResourceFailure("archive " + desired.getName() + " rejected, nothing installed: " + e.getMessage()
          + ". Use an unmodified distribution archive", e);
    } finally {
      deleteTree(temp);
    }
  }

  private static void pointLink(Path link, Path versionDir, ArchiveResource desired) throws IOException {
    Path linkDir = link.toAbsolutePath().getParent();
    Files.createDirectories(linkDir);
    // Relative, so that it points at the same version whether seen from inside or outside a sandbox's root.
    Path target = linkDir.toRealPath().relativize(versionDir.toRealPath());
    Path temp = linkDir.resolve(LINK_PREFIX + link.getFileName() + "-" + UUID.randomUUID());
    try {
      Files.createSymbolicLink(temp, target);
      Ownership.set(temp, desired.getOwner(), desired.getGroup());
      AtomicFiles.moveAtomically(temp, link);
    } finally {
      Files.deleteIfExists(temp);
    }
    AtomicFiles.fsyncDirectory(linkDir);
  }

  private static boolean sameLocation(Path link, Path versionDir) {
    try {
      return Files.isDirectory(versionDir) && Files.exists(link)
          && link.toRealPath().equals(versionDir.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private static String joinLogical(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  /** A crash mid-unpack leaves a temp directory behind; it is never a usable version. */
  private static void removeAbandonedUnpacks(Path installRoot, String name) throws IOException {
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(installRoot, UNPACK_PREFIX + name + "-*")) {
      for (Path dir : stale) {
        deleteTree(dir);
      }
    }
  }

  private static void chownTree(Path root, String owner, String group) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Ownership.set(dir, owner, group);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Ownership.set(file, owner, group);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          // a directory unpacked read-only cannot be emptied otherwise
          path.toFile().setWritable(true, true);
        }
        Files.deleteIfExists(path);
      }
    }
  }
}
