package dev.steward.coordinator.cdc;

import java.util.List;
import java.util.Locale;

/** Wording shared by the checks: lists that stay readable on a database with thousands of tables. */
final class Messages {

  static final int LISTED = 10;

  private Messages() {
  }

  /** "a, b, c" or "a, b, ... and 12 more". */
  static String listed(List<?> items) {
    return listed(items, ", ");
  }

  static String listed(List<?> items, String separator) {
    List<String> shown = items.stream().limit(LISTED).map(String::valueOf).toList();
    String joined = String.join(separator, shown);
    return items.size() > LISTED ? joined + separator + "... and " + (items.size() - LISTED) + " more" : joined;
  }

  /** "1 table", "3 tables". */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
