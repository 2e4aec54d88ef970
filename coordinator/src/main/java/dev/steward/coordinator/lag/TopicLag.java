package dev.steward.coordinator.lag;

import java.util.List;

/** A group's partitions of one topic, and their summed lag (partitions without a lag add nothing). */
public record TopicLag(String topic, List<PartitionLag> partitions, long totalLag) {

  public TopicLag {
    partitions = List.copyOf(partitions);
  }
}
