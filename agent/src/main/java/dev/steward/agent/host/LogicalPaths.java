package dev.steward.agent.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical rules for the logical paths that requests carry (e.g.
 * {@code /opt/kafka/config/server.properties}). Pure: it never looks at the disk, so request
 * validation can reject a bad path before anything runs.
 */
public final class LogicalPaths {

  /** Linux's PATH_MAX and NAME_MAX: longer paths could only fail halfway through an apply. */
  public static final int MAX_PATH_LENGTH = 4096;
  public static final int MAX_SEGMENT_BYTES = 255;

  private LogicalPaths() {
  }

  /**
   * The path's segments below "/" (empty for "/" itself).
   *
   * @param field the request field, named in the message
   * @throws PathRejectedException when the path is relative, not normalized, or holds
   *     control characters
   */
  public static List<String> segments(String field, String path) throws PathRejectedException {
    if (path == null || path.isEmpty()) {
      throw new PathRejectedException(field + " is empty: give an absolute path such as /opt/kafka");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new PathRejectedException(field + " " + printable(path)
            + " contains a control character (NUL, newline, ...): paths must be plain text");
      }
    }
    if (path.length() > MAX_PATH_LENGTH) {
      throw new PathRejectedException(field + " " + printable(path) + " is " + path.length()
          + " characters long: paths are at most " + MAX_PATH_LENGTH);
    }
    if (!path.startsWith("/")) {
      throw new PathRejectedException(field + " " + printable(path)
          + " is relative: give an absolute path (starting with /)");
    }
    List<String> segments = new ArrayList<>();
    if (path.equals("/")) {
      return segments;
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty()) {
        throw new PathRejectedException(field + " " + printable(path)
            + " has an empty segment (// or a trailing /): write it normalized");
      }
      if (segment.equals("..") || segment.equals(".")) {
        throw new PathRejectedException(field + " " + printable(path)
            + " has a '" + segment + "' segment: write it normalized, without . or ..");
      }
      if (segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        throw new PathRejectedException(field + " " + printable(path) + " has a name longer than "
            + MAX_SEGMENT_BYTES + " bytes: no file system here accepts it");
      }
      segments.add(segment);
    }
    return segments;
  }

  /** The path with control characters replaced, safe to put in a message or a log line. */
  public static String printable(String path) {
    if (path == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(path.length() + 2).append('\'');
    for (int i = 0; i < path.length() && i < 300; i++) {
      char c = path.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (path.length() > 300) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
