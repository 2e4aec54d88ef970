package dev.steward.common.inventory;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code alerts:} section: the thresholds of {@code steward status}'s alerts. */
final class AlertsSectionReader {

  static final List<String> KEYS = List.of("diskFreeBelow", "consumerLagAbove", "certificateExpiresWithin",
      "walHeldAbove");

  private static final Pattern PERCENT = Pattern.compile("([0-9]{1,2})%");
  private static final Pattern DAYS = Pattern.compile("([0-9]{1,4})d");
  private static final String DISK_FORMAT = "a share like 10% (1% to 99%) or " + Sizes.SIZE_FORMAT;
  private static final String EXPIRY_FORMAT = "a number of days like 30d, or " + Durations.FORMAT;

  private AlertsSectionReader() {
  }

  static AlertsSpec read(YamlMap alerts) {
    AlertsSpec defaults = AlertsSpec.DEFAULTS;
    long[] disk = alerts.get("diskFreeBelow", AlertsSectionReader::disk,
        new long[] {defaults.diskFreeBelowPercent(), defaults.diskFreeBelowBytes()});
    long lag = alerts.get("consumerLagAbove", AlertsSectionReader::records, defaults.consumerLagAbove());
    Duration expiry = alerts.get("certificateExpiresWithin", AlertsSectionReader::expiry,
        defaults.certificateExpiresWithin());
    long wal = alerts.get("walHeldAbove", ValueParsers.size(), defaults.walHeldAbove());
    return new AlertsSpec((int) disk[0], disk[1], lag, expiry, wal);
  }

  /** {percent, bytes}: one of them set. */
  private static long[] disk(com.fasterxml.jackson.databind.JsonNode node) throws InvalidValue {
    String fix = "write " + DISK_FORMAT;
    if (!node.isTextual()) {
      throw new InvalidValue("expected " + DISK_FORMAT + ", got " + ValueParsers.describe(node), fix);
    }
    String text = node.textValue();
    Matcher percent = PERCENT.matcher(text);
    if (percent.matches()) {
      int share = Integer.parseInt(percent.group(1));
      if (share < 1) {
        throw new InvalidValue(Printable.quote(text) + " would never alert", fix);
      }
      return new long[] {share, 0};
    }
    OptionalLong bytes = Sizes.parse(text);
    if (bytes.isEmpty() || bytes.getAsLong() == 0) {
      throw new InvalidValue(Printable.quote(text) + " is not " + DISK_FORMAT, fix);
    }
    return new long[] {0, bytes.getAsLong()};
  }

  private static Long records(com.fasterxml.jackson.databind.JsonNode node) throws InvalidValue {
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw new InvalidValue("expected a number of records (0 or more), got " + ValueParsers.describe(node),
          "write a whole number without quotes, e.g. consumerLagAbove: 10000");
    }
    return node.longValue();
  }

  private static Duration expiry(com.fasterxml.jackson.databind.JsonNode node) throws InvalidValue {
    String fix = "write " + EXPIRY_FORMAT;
    if (!node.isTextual()) {
      throw new InvalidValue("expected " + EXPIRY_FORMAT + ", got " + ValueParsers.describe(node), fix);
    }
    String text = node.textValue();
    Matcher days = DAYS.matcher(text);
    if (days.matches()) {
      return Duration.ofDays(Long.parseLong(days.group(1)));
    }
    return Durations.parse(text)
        .orElseThrow(() -> new InvalidValue(Printable.quote(text) + " is not " + EXPIRY_FORMAT, fix));
  }
}
