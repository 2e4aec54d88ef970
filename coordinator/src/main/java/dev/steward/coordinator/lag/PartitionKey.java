package dev.steward.coordinator.lag;

import java.util.Comparator;

/** One partition of one topic; ordered by topic name, then partition number, as the tables print them. */
public record PartitionKey(String topic, int partition) implements Comparable<PartitionKey> {

  private static final Comparator<PartitionKey> ORDER =
      Comparator.comparing(PartitionKey::topic).thenComparingInt(PartitionKey::partition);

  @Override
  public int compareTo(PartitionKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
