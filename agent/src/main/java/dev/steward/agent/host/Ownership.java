package dev.steward.agent.host;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;

/**
 * Owner and group of files, by name. Names are looked up in the machine's user database
 * (the agent's, which is the host's on a real host). Links are never followed: ownership
 * of a link is the link's own (lchown).
 */
public final class Ownership {

  private Ownership() {
  }

  /** The owner and group names of a path. */
  public record Owners(String owner, String group) {
  }

  public static Owners read(Path path) throws IOException {
    PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return new Owners(attributes.owner().getName(), attributes.group().getName());
  }

  public static boolean userExists(FileSystem fs, String name) throws IOException {
    return lookupUser(fs, name).isPresent();
  }

  public static boolean groupExists(FileSystem fs, String name) throws IOException {
    return lookupGroup(fs, name).isPresent();
  }

  /**
   * Sets owner and/or group; an empty name leaves that one as it is.
   *
   * @throws IOException when a name does not exist or the change is not permitted
   */
  public static void set(Path path, String owner, String group) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    FileSystem fs = path.getFileSystem();
    if (owner != null && !owner.isEmpty()) {
      view.setOwner(lookupUser(fs, owner).orElseThrow(() -> new IOException("user '" + owner + "' does not exist")));
    }
    if (group != null && !group.isEmpty()) {
      view.setGroup(lookupGroup(fs, group).orElseThrow(() -> new IOException("group '" + group + "' does not exist")));
    }
  }

  /** The user name the agent runs as. */
  public static String currentUser() {
    return System.getProperty("user.name");
  }

  private static Optional<UserPrincipal> lookupUser(FileSystem fs, String name) throws IOException {
    try {
      return Optional.of(fs.getUserPrincipalLookupService().lookupPrincipalByName(name));
    } catch (UserPrincipalNotFoundException e) {
      return Optional.empty();
    }
  }

  private static Optional<GroupPrincipal> lookupGroup(FileSystem fs, String name) throws IOException {
    try {
      return Optional.of(fs.getUserPrincipalLookupService().lookupPrincipalByGroupName(name));
    } catch (UserPrincipalNotFoundException e) {
      return Optional.empty();
    }
  }
}
