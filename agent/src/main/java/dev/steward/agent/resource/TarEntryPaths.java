package dev.steward.agent.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a tar entry may land, decided from names alone (pure). Everything must stay inside
 * the unpack directory: no absolute names, no {@code ..}, and symlinks whose targets stay
 * inside without passing through another link (where {@code ..} would climb from somewhere
 * else than it appears to).
 */
final class TarEntryPaths {

  private TarEntryPaths() {
  }

  /** An entry the archive may not contain; the whole archive is rejected. */
  static final class UnsafeEntryException extends Exception {

    private static final long serialVersionUID = 1L;

    UnsafeEntryException(String message) {
      super(message);
    }
  }

  /**
   * The entry's path segments inside the unpack directory; empty for the top directory
   * itself.
   *
   * @param stripTop the archive's top-level directory to drop (the distribution's name), or null
   */
  static List<String> segments(String entryName, String stripTop) throws UnsafeEntryException {
    if (entryName == null || entryName.isEmpty()) {
      throw new UnsafeEntryException("an entry has an empty name");
    }
    for (int i = 0; i < entryName.length(); i++) {
      char c = entryName.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new UnsafeEntryException("entry " + printable(entryName) + " has a control character in its name");
      }
    }
    if (entryName.startsWith("/")) {
      throw new UnsafeEntryException("entry " + printable(entryName) + " has an absolute path");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : entryName.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        throw new UnsafeEntryException("entry " + printable(entryName) + " climbs out with '..'");
      }
      segments.add(segment);
    }
    if (stripTop != null && !segments.isEmpty() && segments.get(0).equals(stripTop)) {
      segments.remove(0);
    }
    return segments;
  }

  /**
   * Checks a symlink entry's target: relative, and resolving (from the link's directory)
   * to a place inside the unpack directory without passing through any link of the archive.
   *
   * @param link the link entry's segments
   * @param links every symlink entry of the archive, by segments
   */
  static void checkSymlinkTarget(List<String> link, String target, Set<List<String>> links)
      throws UnsafeEntryException {
    String name = String.join("/", link);
    if (target == null || target.isEmpty()) {
      throw new UnsafeEntryException("symlink " + printable(name) + " has an empty target");
    }
    if (target.startsWith("/")) {
      throw new UnsafeEntryException("symlink " + printable(name) + " points to the absolute path "
          + printable(target));
    }
    List<String> position = new ArrayList<>(link.subList(0, link.size() - 1));
    String[] steps = target.split("/");
    for (int i = 0; i < steps.length; i++) {
      String step = steps[i];
      if (step.isEmpty() || step.equals(".")) {
        continue;
      }
      if (step.equals("..")) {
        if (position.isEmpty()) {
          throw new UnsafeEntryException("symlink " + printable(name) + " -> " + printable(target)
              + " points outside the distribution");
        }
        position.remove(position.size() - 1);
      } else {
        position.add(step);
        boolean more = i < steps.length - 1;
        if (more && links.contains(position)) {
          throw new UnsafeEntryException("symlink " + printable(name) + " -> " + printable(target)
              + " passes through another symlink of the archive");
        }
      }
    }
  }

  static String printable(String name) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < name.length() && i < 200; i++) {
      char c = name.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.append('\'').toString();
  }
}
