package dev.steward.coordinator.console;

import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.journal.JournalSnapshot;
import dev.steward.coordinator.status.StatusReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the console shows, read at one moment and shared by every browser: the status report
 * (hosts, ZooKeeper, brokers, partitions counts, Connect, lag, slots, alerts), the partitions,
 * the topics' sizes and configs, each broker's log directories, and the rollout journal.
 *
 * @param kafka the partitions with leaders and ISR; empty when Kafka could not be read
 * @param topics each topic's size and non-default configs
 * @param logDirs per broker id, its log directories and the bytes Kafka keeps in each
 * @param rollout the current or last rollout and its lock; empty when the journal could not be read
 * @param history the finished rollouts, newest first
 * @param problems what could not be read this time (the rest is still shown)
 */
public record ConsoleSnapshot(Instant takenAt, long collectMillis, StatusReport status, Optional<KafkaSnapshot> kafka,
    Map<String, TopicFacts> topics, Map<Integer, List<LogDir>> logDirs, Optional<JournalSnapshot> rollout,
    List<RolloutState> history, List<String> problems) {

  public ConsoleSnapshot {
    topics = Map.copyOf(topics);
    logDirs = Map.copyOf(logDirs);
    history = List.copyOf(history);
    problems = List.copyOf(problems);
  }

  /** A topic's bytes on disk (every replica, as the brokers report them) and its configs not at their defaults. */
  public record TopicFacts(long sizeBytes, Map<String, String> configs) {

    public TopicFacts {
      configs = Map.copyOf(configs);
    }
  }

  /** One log directory of a broker and what Kafka keeps in it. */
  public record LogDir(String path, long usedBytes) {
  }
}
