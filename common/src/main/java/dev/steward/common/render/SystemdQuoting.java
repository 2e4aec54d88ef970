package dev.steward.common.render;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes values into a systemd unit so that systemd reads back exactly the intended string.
 * systemd expands {@code %} specifiers everywhere and {@code $VAR} in command lines, even
 * inside quotes, so those are doubled; a word with anything but plain characters is
 * double-quoted with C-style escapes. A control character cannot be written safely at all
 * (a newline would end the setting) and is refused.
 */
final class SystemdQuoting {

  /** Words that need no quoting on an ExecStart line. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./*$-]+");

  private SystemdQuoting() {
  }

  /** An argv as one ExecStart value: every word reaches the process exactly as given. */
  static String execLine(List<String> argv) {
    StringBuilder line = new StringBuilder();
    for (String word : argv) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quote(word));
    }
    return line.toString();
  }

  /** One word of ExecStart=. */
  static String quote(String word) {
    String escaped = escapeSpecifiers(word).replace("$", "$$");
    if (!word.isEmpty() && PLAIN_WORD.matcher(word).matches()) {
      return escaped;
    }
    return '"' + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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
