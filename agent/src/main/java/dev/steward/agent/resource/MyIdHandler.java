package dev.steward.agent.resource;

import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.Ownership;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.host.PosixModes;
import dev.steward.agent.v1.FoundMyId;
import dev.steward.agent.v1.MyIdResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * ZooKeeper's myid, written once. An existing different id is never overwritten: it would
 * silently turn this node into another ensemble member, with that member's identity but not
 * its data. Only a person who knows why they differ may resolve that.
 */
public final class MyIdHandler implements ResourceHandler<MyIdResource, MyIdHandler.Observed> {

  private static final int MODE = 0644;

  /** The myid file as found; {@code id} is empty when missing or unreadable as a number. */
  public record Observed(Path path, boolean exists, boolean regularFile, String rawContent, OptionalInt id,
                         String owner, String group, List<String> missingPrincipals) {
  }

  private final HostRoot hostRoot;

  public MyIdHandler(HostRoot hostRoot) {
    this.hostRoot = hostRoot;
  }

  @Override
  public MyIdResource desired(Resource resource) {
    return resource.getMyid();
  }

  @Override
  public Observed observe(MyIdResource desired) throws IOException, ResourceFailure {
    Path path;
    try {
      path = hostRoot.resolve("myid.path", desired.getPath());
    } catch (PathRejectedException e) {
      throw new ResourceFailure(e.getMessage(), e);
    }
    List<String> missing = Principals.missing(path.getFileSystem(), desired.getOwner(), desired.getGroup());
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return new Observed(path, false, false, "", OptionalInt.empty(), "", "", missing);
    }
    if (!Files.isRegularFile(path) || Files.size(path) > 64) {
      return new Observed(path, true, false, "", OptionalInt.empty(), "", "", missing);
    }
    String raw = Files.readString(path, StandardCharsets.US_ASCII);
    Ownership.Owners owners = Ownership.read(path.toRealPath());
    return new Observed(path, true, true, raw, parse(raw), owners.owner(), owners.group(), missing);
  }

  @Override
  public Diff diff(MyIdResource desired, Observed observed) {
    if (!observed.missingPrincipals().isEmpty()) {
      return Diff.conflict(Principals.missingMessage(observed.missingPrincipals(), "myid.owner/myid.group"));
    }
    if (!observed.exists()) {
      return Diff.change("create " + desired.getPath() + " with id " + desired.getId(), true);
    }
    if (!observed.regularFile() || observed.id().isEmpty()) {
      return Diff.conflict(desired.getPath() + " exists but does not hold a ZooKeeper id; it is never overwritten: "
          + "check what it is, then remove it by hand if this node really is id " + desired.getId());
    }
    if (observed.id().getAsInt() != desired.getId()) {
      return Diff.conflict(desired.getPath() + " holds id " + observed.id().getAsInt() + " but this host should be "
          + desired.getId() + ". A myid is never overwritten: it would silently make this node a different ensemble "
          + "member. Check the inventory's zookeeperId for this host; if the file is wrong, stop ZooKeeper here, "
          + "remove the file and its data directory's version-2 by hand, then apply again");
    }
    List<String> drift = Principals.drift(desired.getOwner(), desired.getGroup(), observed.owner(), observed.group());
    return drift.isEmpty() ? Diff.none() : Diff.change(String.join("\n", drift), false);
  }

  @Override
  public String apply(MyIdResource desired, Observed observed, Diff diff) throws IOException {
    if (!observed.exists()) {
      Files.createDirectories(observed.path().toAbsolutePath().getParent());
      AtomicFiles.write(observed.path(), content(desired.getId()), PosixModes.toPermissions(MODE),
          temp -> Ownership.set(temp, desired.getOwner(), desired.getGroup()));
      return "";
    }
    Ownership.set(observed.path().toRealPath(), desired.getOwner(), desired.getGroup());
    return "";
  }

  @Override
  public void describeFound(Observed observed, ResourceResult.Builder result) {
    result.setFoundMyid(FoundMyId.newBuilder()
        .setExists(observed.exists())
        .setHoldsId(observed.id().isPresent())
        .setId(observed.id().orElse(0)));
  }

  @Override
  public byte[] observedContent(Observed observed) {
    return observed.regularFile() ? observed.rawContent().getBytes(StandardCharsets.US_ASCII) : null;
  }

  @Override
  public byte[] desiredContent(MyIdResource desired) {
    return content(desired.getId());
  }

  static byte[] content(int id) {
    return (id + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The id in a myid file: digits, optionally surrounded by whitespace (hand-written files lack the newline). */
  static OptionalInt parse(String raw) {
    String trimmed = raw.strip();
    if (!trimmed.matches("[0-9]{1,10}")) {
      return OptionalInt.empty();
    }
    long value = Long.parseLong(trimmed);
    return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
  }
}
