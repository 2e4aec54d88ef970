package dev.steward.agent.resource;

import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.Ownership;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.host.PosixModes;
import dev.steward.agent.v1.FileResource;
import dev.steward.agent.v1.Resource;
import dev.steward.common.render.EquivalentProperties;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A whole file with exact content, mode and owner. Writes are atomic (a service never reads a
 * half-written config); a secret's content never appears in a diff, not even as a digest.
 */
public final class FileHandler implements ResourceHandler<FileResource, FileHandler.Observed> {

  /** Text diffs are shown up to this size; larger or binary content is summarized by digest. */
  private static final int MAX_DIFF_BYTES = 256 * 1024;
  private static final int DEFAULT_MODE = 0644;
  private static final int DEFAULT_SECRET_MODE = 0600;

  /** The file as found. {@code content} is null when the file is missing or not a regular file. */
  public record Observed(Path path, boolean exists, boolean regularFile, byte[] content, int mode, String owner,
                         String group, List<String> missingPrincipals) {
  }

  private final HostRoot hostRoot;

  public FileHandler(HostRoot hostRoot) {
    this.hostRoot = hostRoot;
  }

  @Override
  public FileResource desired(Resource resource) {
    return resource.getFile();
  }

  @Override
  public Observed observe(FileResource desired) throws IOException, ResourceFailure {
    Path path = resolve(desired.getPath());
    List<String> missing = Principals.missing(path.getFileSystem(), desired.getOwner(), desired.getGroup());
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return new Observed(path, false, false, null, 0, "", "", missing);
    }
    if (!Files.isRegularFile(path)) {
      return new Observed(path, true, false, null, 0, "", "", missing);
    }
    Ownership.Owners owners = Ownership.read(path.toRealPath());
    int mode = PosixModes.toMode(Files.getPosixFilePermissions(path));
    return new Observed(path, true, true, Files.readAllBytes(path), mode, owners.owner(), owners.group(), missing);
  }

  @Override
  public Diff diff(FileResource desired, Observed observed) {
    String path = desired.getPath();
    if (!observed.missingPrincipals().isEmpty()) {
      return Diff.conflict(Principals.missingMessage(observed.missingPrincipals(), "file.owner/file.group"));
    }
    if (observed.exists() && !observed.regularFile()) {
      return Diff.conflict(path + " exists but is not a regular file (a directory?): move it away or fix file.path");
    }
    byte[] content = content(desired, observed);
    List<String> lines = new ArrayList<>();
    boolean contentChanged = !observed.exists() || !Arrays.equals(observed.content(), content);
    if (!observed.exists()) {
      lines.add("create " + path + " (mode " + PosixModes.format(createMode(desired)) + ")");
    }
    if (contentChanged && desired.getZookeeperStaticConfig()
        && ZooKeeperStaticConfig.ownedByZooKeeper(observed.content())) {
      // ZooKeeper wrote the file in its own order: a line diff would show every line
      lines.add(path + " (ZooKeeper owns its membership keys; the others change):");
      ZooKeeperStaticConfig.changedKeys(desired.getContent().toByteArray(), observed.content())
          .forEach(change -> lines.add("  " + change));
    } else if (contentChanged && settingChanges(desired, observed).isPresent()) {
      // a hand-written file differs in order, comments and explicit defaults too: only the settings tell what changes
      lines.add(path + " (rewritten as Steward renders it; the settings that change):");
      settingChanges(desired, observed).orElseThrow().forEach(change -> lines.add("  " + change));
    } else if (contentChanged) {
      lines.add(contentDiff(path, observed.exists() ? observed.content() : new byte[0], content, desired.getSecret(),
          observed.exists()));
    }
    if (observed.exists()) {
      if (desired.getMode() != 0 && desired.getMode() != observed.mode()) {
        lines.add("mode " + PosixModes.format(observed.mode()) + " -> " + PosixModes.format(desired.getMode()));
      }
      lines.addAll(Principals.drift(desired.getOwner(), desired.getGroup(), observed.owner(), observed.group()));
    }
    if (lines.isEmpty()) {
      return Diff.none();
    }
    return Diff.change(String.join("\n", lines), contentChanged);
  }

  @Override
  public String apply(FileResource desired, Observed observed, Diff diff) throws IOException {
    Path path = observed.path();
    byte[] content = content(desired, observed);
    boolean contentChanged = !observed.exists() || !Arrays.equals(observed.content(), content);
    if (contentChanged) {
      Files.createDirectories(path.toAbsolutePath().getParent());
      int mode = desired.getMode() != 0 ? desired.getMode() : observed.exists() ? observed.mode() : createMode(desired);
      // Without a requested owner keep the existing one, so a rewrite does not silently hand the file to the agent's user.
      String owner = !desired.getOwner().isEmpty() ? desired.getOwner() : observed.owner();
      String group = !desired.getGroup().isEmpty() ? desired.getGroup() : observed.group();
      AtomicFiles.write(path, content, PosixModes.toPermissions(mode), temp -> setOwnersIfDifferent(temp, owner, group));
      return "";
    }
    if (desired.getMode() != 0 && desired.getMode() != observed.mode()) {
      Files.setPosixFilePermissions(path, PosixModes.toPermissions(desired.getMode()));
    }
    Ownership.set(path.toRealPath(), desired.getOwner(), desired.getGroup());
    return "";
  }

  @Override
  public byte[] observedContent(Observed observed) {
    return observed.content();
  }

  @Override
  public byte[] desiredContent(FileResource desired) {
    return desired.getContent().toByteArray();
  }

  /**
   * What the file should hold given what it holds now: a create-only file that exists keeps its
   * content, a ZooKeeper static file keeps ZooKeeper's membership keys once ZooKeeper owns them, and
   * a properties file that already sets what Steward would set stays as it is.
   */
  private static byte[] content(FileResource desired, Observed observed) {
    byte[] wanted = desired.getContent().toByteArray();
    if (!observed.exists() || observed.content() == null) {
      return wanted;
    }
    if (desired.getCreateOnly()) {
      return observed.content();
    }
    if (desired.getZookeeperStaticConfig() && ZooKeeperStaticConfig.ownedByZooKeeper(observed.content())) {
      return ZooKeeperStaticConfig.effective(wanted, observed.content());
    }
    if (desired.hasPropertiesEquivalence()
        && EquivalentProperties.equivalent(observed.content(), wanted, desired.getPropertiesEquivalence())) {
      return observed.content();
    }
    return wanted;
  }

  /** For a properties file compared by its settings: the settings that change. */
  private static Optional<List<EquivalentProperties.Change>> settingChanges(FileResource desired, Observed observed) {
    if (!desired.hasPropertiesEquivalence() || !observed.exists() || observed.content() == null) {
      return Optional.empty();
    }
    return EquivalentProperties.changes(observed.content(), desired.getContent().toByteArray(),
        desired.getPropertiesEquivalence());
  }

  static int createMode(FileResource desired) {
    if (desired.getMode() != 0) {
      return desired.getMode();
    }
    return desired.getSecret() ? DEFAULT_SECRET_MODE : DEFAULT_MODE;
  }

  /** A line diff for text; a digest line for binary or very large content; for secrets only the fact of a change. */
  static String contentDiff(String path, byte[] before, byte[] after, boolean secret, boolean existed) {
    Optional<String> beforeText = secret ? Optional.empty() : text(before);
    Optional<String> afterText = secret ? Optional.empty() : text(after);
    if (beforeText.isPresent() && afterText.isPresent()) {
      return TextDiff.unified(path, beforeText.get(), afterText.get()).stripTrailing();
    }
    if (secret) {
      // not even a digest: an unkeyed hash of a short password can be found by hashing guesses
      return existed ? "content (secret) changed" : "content (secret) set";
    }
    String what = "content";
    if (!existed) {
      return what + " sha256 " + Digests.shortSha256(after) + ".. (" + after.length + " bytes)";
    }
    return what + " changed (sha256 " + Digests.shortSha256(before) + ".. -> " + Digests.shortSha256(after) + "..)";
  }

  private static Optional<String> text(byte[] content) {
    if (content.length > MAX_DIFF_BYTES) {
      return Optional.empty();
    }
    for (byte b : content) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static void setOwnersIfDifferent(Path temp, String owner, String group) throws IOException {
    Ownership.Owners current = Ownership.read(temp);
    Ownership.set(temp, owner.equals(current.owner()) ? "" : owner, group.equals(current.group()) ? "" : group);
  }

  private Path resolve(String path) throws ResourceFailure {
    try {
      return hostRoot.resolve("file.path", path);
    } catch (PathRejectedException e) {
      throw new ResourceFailure(e.getMessage(), e);
    }
  }
}
