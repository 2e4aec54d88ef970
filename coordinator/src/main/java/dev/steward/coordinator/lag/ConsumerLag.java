package dev.steward.coordinator.lag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The lag of each group in a {@link LagSnapshot}, computed the way {@code kafka-consumer-groups.sh
 * --describe} does so the two always print the same numbers: a group's rows are the partitions its
 * members are assigned plus those it committed; lag is log-end offset minus committed offset, and
 * a partition with no committed offset (or no known log end) has no lag rather than a guessed one.
 */
public final class ConsumerLag {

  private ConsumerLag() {
  }

  public static List<GroupLag> of(LagSnapshot snapshot) {
    List<GroupLag> groups = new ArrayList<>();
    for (GroupSnapshot group : snapshot.groups()) {
      groups.add(of(group, snapshot.logEndOffsets()));
    }
    groups.sort(java.util.Comparator.comparing(GroupLag::group));
    return groups;
  }

  static GroupLag of(GroupSnapshot group, Map<PartitionKey, Long> logEndOffsets) {
    Map<PartitionKey, Optional<GroupMember>> rows = new TreeMap<>();
    for (GroupMember member : group.members()) {
      member.assignment().forEach(partition -> rows.putIfAbsent(partition, Optional.of(member)));
    }
    // committed but owned by nobody: a stopped group, or a partition no member was given after a rebalance
    group.committedOffsets().keySet().forEach(partition -> rows.putIfAbsent(partition, Optional.empty()));

    Map<String, List<PartitionLag>> byTopic = new TreeMap<>();
    rows.forEach((partition, owner) -> byTopic.computeIfAbsent(partition.topic(), topic -> new ArrayList<>())
        .add(row(partition, group.committedOffsets().get(partition), logEndOffsets.get(partition), owner)));

    List<TopicLag> topics = new ArrayList<>();
    byTopic.forEach((topic, partitions) -> topics.add(new TopicLag(topic, partitions, sumOfLags(partitions))));
    long total = topics.stream().mapToLong(TopicLag::totalLag).sum();
    return new GroupLag(group.group(), group.state(), group.members().size(), topics, total);
  }

  private static PartitionLag row(PartitionKey partition, Long committed, Long logEnd, Optional<GroupMember> owner) {
    // Kafka stores -1 for "no offset" in some old commits; the tool treats it as none, and so do we
    OptionalLong committedOffset = committed == null || committed < 0 ? OptionalLong.empty() : OptionalLong.of(committed);
    OptionalLong logEndOffset = logEnd == null ? OptionalLong.empty() : OptionalLong.of(logEnd);
    // not clamped at zero: a negative lag (a commit past the log end) is a fact worth seeing, as the tool shows it
    OptionalLong lag = committedOffset.isPresent() && logEndOffset.isPresent()
        ? OptionalLong.of(logEndOffset.getAsLong() - committedOffset.getAsLong()) : OptionalLong.empty();
    return new PartitionLag(partition, committedOffset, logEndOffset, lag, owner);
  }

  private static long sumOfLags(List<PartitionLag> partitions) {
    return partitions.stream().mapToLong(p -> p.lag().orElse(0)).sum();
  }
}
