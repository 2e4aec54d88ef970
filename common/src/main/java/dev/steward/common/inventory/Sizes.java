package dev.steward.common.inventory;

import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as users write them. JVM-style single letters and the IEC units are binary
 * (1G = 1GiB = 1024^3); the SI units KB/MB/GB/TB are decimal (1GB = 1000^3), as disk vendors use them.
 */
final class Sizes {

  private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})([A-Za-z]*)");
  /** What -Xmx/-Xms accept: a number and an optional single binary unit letter. */
  private static final Pattern JVM_HEAP = Pattern.compile("[1-9][0-9]{0,12}[kKmMgGtT]?");
  private static final long KI = 1024L;
  private static final Map<String, Long> UNITS = Map.ofEntries(
      Map.entry("", 1L),
      Map.entry("k", KI), Map.entry("K", KI), Map.entry("KiB", KI), Map.entry("KB", 1000L),
      Map.entry("m", KI * KI), Map.entry("M", KI * KI), Map.entry("MiB", KI * KI), Map.entry("MB", 1000L * 1000),
      Map.entry("g", KI * KI * KI), Map.entry("G", KI * KI * KI), Map.entry("GiB", KI * KI * KI),
      Map.entry("GB", 1000L * 1000 * 1000),
      Map.entry("t", KI * KI * KI * KI), Map.entry("T", KI * KI * KI * KI), Map.entry("TiB", KI * KI * KI * KI),
      Map.entry("TB", 1000L * 1000 * 1000 * 1000));

  /** Below this a JVM does not start (or a heap is certainly a unit mistake, like "2048" meaning MB). */
  static final long MIN_HEAP_BYTES = 16L * KI * KI;

  static final String SIZE_FORMAT = "a size like 4GiB, 512MiB, 4G, 50GB or a number of bytes";
  static final String HEAP_FORMAT = "a JVM heap size like 512m or 2G (a number and one of k, m, g, t)";

  private Sizes() {
  }

  /** The number of bytes, or empty when the text is not a size or does not fit a long. */
  static OptionalLong parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches() || !UNITS.containsKey(m.group(2))) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Math.multiplyExact(Long.parseLong(m.group(1)), UNITS.get(m.group(2))));
    } catch (ArithmeticException | NumberFormatException tooLarge) {
      return OptionalLong.empty();
    }
  }

  static boolean isJvmHeap(String text) {
    return JVM_HEAP.matcher(text).matches() && parse(text).isPresent();
  }
}
