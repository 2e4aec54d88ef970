package dev.steward.coordinator.lag;

import java.util.List;

/** One consumer group's lag: its state, how many members it has, each topic it reads, and its total lag. */
public record GroupLag(String group, String state, int members, List<TopicLag> topics, long totalLag) {

  public GroupLag {
    topics = List.copyOf(topics);
  }

  public boolean hasPartitions() {
    return topics.stream().anyMatch(topic -> !topic.partitions().isEmpty());
  }
}
