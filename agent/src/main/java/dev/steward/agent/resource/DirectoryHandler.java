package dev.steward.agent.resource;

import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.Ownership;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.host.PosixModes;
import dev.steward.agent.v1.DirectoryResource;
import dev.steward.agent.v1.Resource;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** A directory (with parents), its mode and owner, optionally owner of everything below (chown -R). */
public final class DirectoryHandler implements ResourceHandler<DirectoryResource, DirectoryHandler.Observed> {

  /** How many mis-owned entries below the directory a diff names before it only counts. */
  private static final int NAMED_ENTRIES = 5;

  /**
   * The directory as found.
   *
   * @param misownedBelow entries below whose owner or group differ (only with recursive_ownership)
   */
  public record Observed(Path path, boolean exists, boolean directory, int mode, String owner, String group,
                         List<String> misownedBelow, int misownedCount, List<String> missingPrincipals) {
  }

  private final HostRoot hostRoot;

  public DirectoryHandler(HostRoot hostRoot) {
    this.hostRoot = hostRoot;
  }

  @Override
  public DirectoryResource desired(Resource resource) {
    return resource.getDirectory();
  }

  @Override
  public Observed observe(DirectoryResource desired) throws IOException, ResourceFailure {
    Path path;
    try {
      path = hostRoot.resolve("directory.path", desired.getPath());
    } catch (PathRejectedException e) {
      throw new ResourceFailure(e.getMessage(), e);
    }
    List<String> missing = Principals.missing(path.getFileSystem(), desired.getOwner(), desired.getGroup());
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return new Observed(path, false, false, 0, "", "", List.of(), 0, missing);
    }
    if (!Files.isDirectory(path)) {
      return new Observed(path, true, false, 0, "", "", List.of(), 0, missing);
    }
    Path real = path.toRealPath();
    Ownership.Owners owners = Ownership.read(real);
    int mode = PosixModes.toMode(Files.getPosixFilePermissions(real));
    List<String> misowned = new ArrayList<>();
    int[] count = {0};
    if (desired.getRecursiveOwnership() && missing.isEmpty()
        && (!desired.getOwner().isEmpty() || !desired.getGroup().isEmpty())) {
      forEachBelow(real, entry -> {
        Ownership.Owners below = Ownership.read(entry);
        if (!Principals.drift(desired.getOwner(), desired.getGroup(), below.owner(), below.group()).isEmpty()) {
          if (misowned.size() < NAMED_ENTRIES) {
            misowned.add(desired.getPath() + "/" + real.relativize(entry));
          }
          count[0]++;
        }
      });
    }
    return new Observed(path, true, true, mode, owners.owner(), owners.group(), misowned, count[0], missing);
  }

  @Override
  public Diff diff(DirectoryResource desired, Observed observed) {
    if (!observed.missingPrincipals().isEmpty()) {
      return Diff.conflict(Principals.missingMessage(observed.missingPrincipals(), "directory.owner/directory.group"));
    }
    if (observed.exists() && !observed.directory()) {
      return Diff.conflict(desired.getPath() + " exists but is not a directory: move it away or fix directory.path");
    }
    List<String> lines = new ArrayList<>();
    if (!observed.exists()) {
      lines.add("create directory " + desired.getPath()
          + (desired.getMode() != 0 ? " (mode " + PosixModes.format(desired.getMode()) + ")" : ""));
      if (!desired.getOwner().isEmpty() || !desired.getGroup().isEmpty()) {
        lines.add("owned by " + (desired.getOwner().isEmpty() ? "(unchanged)" : desired.getOwner()) + ":"
            + (desired.getGroup().isEmpty() ? "(unchanged)" : desired.getGroup()));
      }
      return Diff.change(String.join("\n", lines), false);
    }
    if (desired.getMode() != 0 && desired.getMode() != observed.mode()) {
      lines.add("mode " + PosixModes.format(observed.mode()) + " -> " + PosixModes.format(desired.getMode()));
    }
    lines.addAll(Principals.drift(desired.getOwner(), desired.getGroup(), observed.owner(), observed.group()));
    if (observed.misownedCount() > 0) {
      lines.add(observed.misownedCount() + " entries below with other ownership, e.g. "
          + String.join(", ", observed.misownedBelow()));
    }
    return lines.isEmpty() ? Diff.none() : Diff.change(String.join("\n", lines), false);
  }

  @Override
  public String apply(DirectoryResource desired, Observed observed, Diff diff) throws IOException {
    Path path = observed.path();
    Files.createDirectories(path);
    Path real = path.toRealPath();
    if (desired.getMode() != 0) {
      Files.setPosixFilePermissions(real, PosixModes.toPermissions(desired.getMode()));
    }
    Ownership.set(real, desired.getOwner(), desired.getGroup());
    if (desired.getRecursiveOwnership()) {
      forEachBelow(real, entry -> Ownership.set(entry, desired.getOwner(), desired.getGroup()));
    }
    return "";
  }

  /** Every entry below {@code dir}, links themselves but never their targets. */
  private static void forEachBelow(Path dir, PathAction action) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path entry, BasicFileAttributes attrs) throws IOException {
        if (!entry.equals(dir)) {
          action.accept(entry);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path entry, BasicFileAttributes attrs) throws IOException {
        action.accept(entry);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  @FunctionalInterface
  private interface PathAction {
    void accept(Path path) throws IOException;
  }
}
