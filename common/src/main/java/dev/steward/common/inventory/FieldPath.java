package dev.steward.common.inventory;

import java.util.regex.Pattern;

/**
 * Builds the field paths problems are reported at, e.g. {@code hosts[2].zookeeperId} or
 * {@code kafka.config."log.retention.hours"}: the path a user follows in their file.
 */
final class FieldPath {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private FieldPath() {
  }

  /** A key of a mapping; keys that are not plain identifiers are quoted. */
  static String child(String parent, String key) {
    if (!PLAIN_KEY.matcher(key).matches()) {
      return quoted(parent, key);
    }
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** A key that is always quoted: property names, whose dots are not path separators. */
  static String quoted(String parent, String key) {
    String quotedKey = Printable.quote(key);
    return parent.isEmpty() ? quotedKey : parent + "." + quotedKey;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The enclosing field ("hosts[2]" for "hosts[2].name"), or "" at the top. */
  static String parent(String field) {
    int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
    // a dot inside a quoted key is not a separator: cut before the opening quote instead
    int quote = field.indexOf(".\"");
    if (quote >= 0 && cut > quote) {
      cut = quote;
    }
    return cut <= 0 ? "" : field.substring(0, cut);
  }
}
