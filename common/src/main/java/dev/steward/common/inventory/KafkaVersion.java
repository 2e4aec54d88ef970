package dev.steward.common.inventory;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kafka release version, "major.minor.patch". */
public record KafkaVersion(int major, int minor, int patch) implements Comparable<KafkaVersion> {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Comparator<KafkaVersion> ORDER = Comparator
      .comparingInt(KafkaVersion::major)
      .thenComparingInt(KafkaVersion::minor)
      .thenComparingInt(KafkaVersion::patch);

  /** Parses "3.9.1"; throws IllegalArgumentException on anything else. */
  public static KafkaVersion parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Kafka version (expected major.minor.patch, e.g. 3.9.1): " + text);
    }
    return new KafkaVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)));
  }

  /** ZooKeeper mode exists only up to 3.x: Kafka 4.0 removed it. */
  public boolean supportsZooKeeperMode() {
    return major < 4;
  }

  /** The inter.broker.protocol.version this release speaks natively, e.g. "3.9". */
  public String protocolVersion() {
    return major + "." + minor;
  }

  @Override
  public int compareTo(KafkaVersion other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
