package dev.steward.agent.logs;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time at the start of a line of Kafka's and ZooKeeper's log4j layout
 * ({@code [%d] %p %m (%c)%n}: {@code [2026-12-06 01:02:03,456] INFO ...}), in the host's zone, or of the
 * agent's own log (ISO-8601 with its offset). Pure.
 */
final class Log4jTimestamps {

  private static final Pattern STAMP = Pattern.compile("^\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}),(\\d{3})\\]");
  /** The agent's own lines (simplelogger: {@code 2026-12-06T01:02:03.456+00:00 INFO ...}), which carry their offset. */
  private static final Pattern ISO = Pattern.compile(
      "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2}))\\s");
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Log4jTimestamps() {
  }

  /** Unix microseconds, or empty when the line does not start with a timestamp. */
  static OptionalLong micros(String line, ZoneId zone) {
    Matcher iso = ISO.matcher(line);
    if (iso.find()) {
      try {
        return OptionalLong.of(java.time.OffsetDateTime.parse(iso.group(1)).toInstant().toEpochMilli() * 1000);
      } catch (DateTimeParseException e) {
        return OptionalLong.empty();
      }
    }
    Matcher m = STAMP.matcher(line);
    if (!m.find()) {
      return OptionalLong.empty();
    }
    try {
      LocalDateTime time = LocalDateTime.parse(m.group(1), FORMAT).plus(Integer.parseInt(m.group(2)), ChronoUnit.MILLIS);
      return OptionalLong.of(time.atZone(zone).toInstant().toEpochMilli() * 1000);
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }
}
