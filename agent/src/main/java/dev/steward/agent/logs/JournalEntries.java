package dev.steward.agent.logs;

import dev.steward.agent.json.Json;
import dev.steward.agent.v1.LogLine;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of {@code journalctl -o json}: {@code __REALTIME_TIMESTAMP} (microseconds, a string),
 * {@code MESSAGE} (a string, or an array of bytes when it is not valid UTF-8 or holds control
 * characters, or null when too large), {@code PRIORITY}. Pure.
 */
public final class JournalEntries {

  private JournalEntries() {
  }

  /** The entry as a line; empty for text that is not a journal entry. */
  public static Optional<LogLine> parse(String json) {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (Exception e) {
      return Optional.empty();
    }
    if (!(parsed instanceof Map<?, ?> entry)) {
      return Optional.empty();
    }
    LogLine.Builder line = LogLine.newBuilder();
    Object time = entry.get("__REALTIME_TIMESTAMP");
    if (time != null) {
      try {
        line.setUnixMicros(Long.parseLong(text(time)));
      } catch (NumberFormatException e) {
        // left 0
      }
    }
    line.setText(message(entry.get("MESSAGE")));
    Object priority = entry.get("PRIORITY");
    if (priority != null) {
      try {
        int p = Integer.parseInt(text(priority));
        if (p >= 0 && p <= 7) {
          line.setPriorityPlusOne(p + 1);
        }
      } catch (NumberFormatException e) {
        // unknown
      }
    }
    return Optional.of(line.build());
  }

  static String message(Object message) {
    if (message == null) {
      return "[message not available]";
    }
    if (message instanceof List<?> array) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (Object b : array) {
        bytes.write(b instanceof Number number ? number.intValue() : 0);
      }
      return stripLineBreak(bytes.toString(StandardCharsets.UTF_8));
    }
    return stripLineBreak(text(message));
  }

  /** A scalar's text (a number as written); an object or array has none. */
  private static String text(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.toString();
    }
    if (value instanceof Map || value instanceof List) {
      return "";
    }
    return String.valueOf(value);
  }

  private static String stripLineBreak(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }
}
