package dev.steward.agent.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.agent.v1.LogLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One line of {@code journalctl -o json}: {@code __REALTIME_TIMESTAMP} (microseconds, a string),
 * {@code MESSAGE} (a string, or an array of bytes when it is not valid UTF-8 or holds control
 * characters, or null when too large), {@code PRIORITY}. Pure.
 */
public final class JournalEntries {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalEntries() {
  }

  /** The entry as a line; empty for text that is not a journal entry. */
  public static Optional<LogLine> parse(String json) {
    JsonNode entry;
    try {
      entry = JSON.readTree(json);
    } catch (Exception e) {
      return Optional.empty();
    }
    if (entry == null || !entry.isObject()) {
      return Optional.empty();
    }
    LogLine.Builder line = LogLine.newBuilder();
    JsonNode time = entry.get("__REALTIME_TIMESTAMP");
    if (time != null) {
      try {
        line.setUnixMicros(Long.parseLong(time.asText()));
      } catch (NumberFormatException e) {
        // left 0
      }
    }
    line.setText(message(entry.get("MESSAGE")));
    JsonNode priority = entry.get("PRIORITY");
    if (priority != null) {
      try {
        int p = Integer.parseInt(priority.asText());
        if (p >= 0 && p <= 7) {
          line.setPriorityPlusOne(p + 1);
        }
      } catch (NumberFormatException e) {
        // unknown
      }
    }
    return Optional.of(line.build());
  }

  static String message(JsonNode message) {
    if (message == null || message.isNull()) {
      return "[message not available]";
    }
    if (message.isArray()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (JsonNode b : message) {
        bytes.write(b.asInt());
      }
      return stripLineBreak(bytes.toString(StandardCharsets.UTF_8));
    }
    return stripLineBreak(message.asText());
  }

  private static String stripLineBreak(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }
}
