package dev.steward.common.inventory;

/**
 * Shows user-supplied text inside a message safely: a value that carries a newline or an
 * escape sequence must not break the one-line-per-problem output or the user's terminal.
 */
final class Printable {

  private static final int MAX_SHOWN = 80;

  private Printable() {
  }

  /** The text in double quotes, with control, non-ASCII, quote and backslash characters escaped. */
  static String quote(String text) {
    String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) : text;
    StringBuilder out = new StringBuilder("\"");
    shown.chars().forEach(c -> out.append(escape((char) c)));
    out.append(text.length() > MAX_SHOWN ? "\"..." : "\"");
    return out.toString();
  }

  /** The character as it would be written in a Java string literal, e.g. \n or \u2028. */
  static String escape(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      default -> c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    };
  }

  /** "U+001B": how a single offending character is named in messages. */
  static String codePoint(int c) {
    return String.format("U+%04X", c);
  }
}
