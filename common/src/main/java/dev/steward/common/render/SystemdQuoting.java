package dev.steward.common.render;

/**
 * Writes values into a systemd unit so that systemd reads back exactly the intended string.
 * systemd expands {@code %} specifiers everywhere and {@code $VAR} in command lines, even
 * inside quotes, so those are doubled; an argument with whitespace, quotes, a backslash or a
 * ';' is double-quoted with C-style escapes. A control character cannot be written safely at
 * all (a newline would end the setting) and is refused.
 */
final class SystemdQuoting {

  private SystemdQuoting() {
  }

  /** One word of ExecStart=. */
  static String quote(String argument) {
    String escaped = escapeSpecifiers(argument).replace("$", "$$");
    boolean needsQuotes = escaped.isEmpty() || escaped.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\''
        || c == '\\' || c == ';');
    if (!needsQuotes) {
      return escaped;
    }
    return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A whole setting value (e.g. WorkingDirectory=), where only specifiers expand. */
  static String escapeSpecifiers(String value) {
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a control character cannot be written into a unit file: "
          + value.replaceAll("\\p{Cntrl}", "?"));
    }
    return value.replace("%", "%%");
  }
}
