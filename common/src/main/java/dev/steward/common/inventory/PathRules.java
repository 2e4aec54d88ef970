package dev.steward.common.inventory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a path on a host may look like. Paths end up in properties files (log.dirs is
 * comma-separated), classpaths (':'-separated) and systemd units (where '%' and '$' expand),
 * so they are kept to a conservative character set rather than escaped differently in each.
 */
final class PathRules {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+@~-]+");
  private static final int MAX_LENGTH = 4096;

  static final String FIX = "use an absolute, normalized path (no '.', '..', '//' or trailing '/') "
      + "made of letters, digits and . _ - + @ ~";

  private PathRules() {
  }

  /** Why {@code path} is not an acceptable absolute path, or empty when it is. */
  static Optional<String> absolutePathProblem(String path) {
    if (!path.startsWith("/")) {
      return Optional.of(Printable.quote(path) + " is not an absolute path");
    }
    if (path.equals("/")) {
      return Optional.of("\"/\" is the root directory itself");
    }
    return segmentsProblem(path, path.substring(1));
  }

  /** As {@link #absolutePathProblem} but also accepts "~/..." (the coordinator's home directory). */
  static Optional<String> homeOrAbsolutePathProblem(String path) {
    if (path.startsWith("~/")) {
      return segmentsProblem(path, path.substring(2));
    }
    return absolutePathProblem(path);
  }

  /** True when {@code inner} is {@code outer} or lies below it. */
  static boolean isSameOrBelow(String inner, String outer) {
    return inner.equals(outer) || inner.startsWith(outer.endsWith("/") ? outer : outer + "/");
  }

  private static Optional<String> segmentsProblem(String path, String segments) {
    if (path.length() > MAX_LENGTH) {
      return Optional.of("the path is longer than " + MAX_LENGTH + " characters");
    }
    for (String segment : segments.split("/", -1)) {
      if (segment.isEmpty()) {
        return Optional.of(Printable.quote(path) + " has an empty segment ('//' or a trailing '/')");
      }
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of(Printable.quote(path) + " is not normalized (it has a '" + segment + "' segment)");
      }
      if (!SEGMENT.matcher(segment).matches()) {
        char bad = segment.chars().filter(c -> !SEGMENT.matcher(String.valueOf((char) c)).matches())
            .mapToObj(c -> (char) c).findFirst().orElse('?');
        return Optional.of(Printable.quote(path) + " contains the character " + Printable.quote(String.valueOf(bad)));
      }
    }
    return Optional.empty();
  }
}
