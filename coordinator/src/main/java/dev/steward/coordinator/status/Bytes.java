package dev.steward.coordinator.status;

/** Byte counts for people: "4.0 GiB", "812 MiB". */
public final class Bytes {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Bytes() {
  }

  public static String format(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : value >= 100 ? String.format("%.0f %s", value, UNITS[unit])
        : String.format("%.1f %s", value, UNITS[unit]);
  }
}
