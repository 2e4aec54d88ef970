package dev.steward.coordinator.mirror;

import dev.steward.coordinator.connect.ConnectorStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mirror as observed: its connectors, each mirrored partition, each group's translated offsets.
 *
 * @param connectors each of the mirror's connector names, with its status (empty: Connect does not have it)
 * @param problem why part of the picture is missing (a source that does not answer), if so
 */
public record MirrorStatus(String name, String sourceAlias, String sourceBootstrapServers, String policy,
    Map<String, Optional<ConnectorStatus>> connectors, List<TopicMirror> topics, List<TranslatedOffset> groups,
    Optional<String> problem) {

  /** A source topic and its copy, with its partitions. */
  public record TopicMirror(String sourceTopic, String targetTopic, List<MirroredPartition> partitions) {

    public long sourceEnd() {
      return partitions.stream().mapToLong(MirroredPartition::sourceEnd).sum();
    }

    public long targetEnd() {
      return partitions.stream().mapToLong(p -> p.targetEnd().orElse(0L)).sum();
    }

    public long lag() {
      return partitions.stream().mapToLong(MirroredPartition::lag).sum();
    }
  }

  /** Every connector of the mirror exists and runs with all its tasks, and nothing is missing. */
  public boolean healthy() {
    return problem.isEmpty() && connectors.values().stream().allMatch(s -> s.isPresent() && s.get().running());
  }
}
