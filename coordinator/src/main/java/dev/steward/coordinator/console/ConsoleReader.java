package dev.steward.coordinator.console;

import dev.steward.coordinator.Errors;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.RolloutStore;
import dev.steward.coordinator.rollout.journal.JournalSnapshot;
import dev.steward.coordinator.status.StatusCollector;
import dev.steward.coordinator.status.StatusReport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Reads one {@link ConsoleSnapshot} with the coordinator's existing readers: {@link StatusCollector}
 * (with the health inputs: lag, slots, certificates), the partitions through {@link LiveCluster}'s
 * Admin client, the topics' configs and log directories through the same client, and the rollout
 * journal. Whatever cannot be read becomes a problem line, never an exception.
 */
public final class ConsoleReader implements Supplier<ConsoleSnapshot> {

  /** The extras (configs, log dirs) must not hold the snapshot: a broker just stopped answers nothing. */
  static final Duration EXTRAS_TIMEOUT = Duration.ofSeconds(2);
  static final int HISTORY = 20;

  private final StatusCollector collector;
  private final LiveCluster cluster;
  private final RolloutStore rollouts;
  private final Clock clock;

  public ConsoleReader(StatusCollector collector, LiveCluster cluster, RolloutStore rollouts, Clock clock) {
    this.collector = collector;
    this.cluster = cluster;
    this.rollouts = rollouts;
    this.clock = clock;
  }

  /**
   * The status collection (the agents, ZooKeeper, Kafka, lag) on the calling thread and the rollout
   * journal beside it; then the log directories and topic configs for the partitions the status read.
   */
  @Override
  public ConsoleSnapshot get() {
    long start = System.nanoTime();
    java.util.concurrent.CompletableFuture<JournalRead> journalRead = java.util.concurrent.CompletableFuture.supplyAsync(
        this::readJournal, JOURNAL_READER);
    StatusReport status = collector.collect();
    List<String> problems = new ArrayList<>();
    Optional<KafkaSnapshot> kafka = collector.lastKafkaSnapshot();
    Map<String, ConsoleSnapshot.TopicFacts> topics = Map.of();
    Map<Integer, List<ConsoleSnapshot.LogDir>> logDirs = Map.of();
    if (status.cluster().kafkaError().isEmpty() && kafka.isPresent()) {
      try {
        Admin admin = cluster.kafkaProbe().admin();
        Map<Integer, Map<String, LogDirDescription>> described = describeLogDirs(admin, kafka.get(), problems);
        logDirs = usage(described);
        topics = topics(admin, kafka.get(), described, problems);
      } catch (RuntimeException e) {
        problems.add("Kafka: " + Errors.rootMessage(e));
      }
    }
    JournalRead journal = journalRead.join();
    journal.problem().ifPresent(problems::add);
    return new ConsoleSnapshot(clock.instant(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), status,
        kafka, topics, logDirs, journal.last(), journal.history(), problems);
  }

  /** One daemon thread for the journal reads (a ZooKeeper client of its own, through the store). */
  private static final java.util.concurrent.ExecutorService JOURNAL_READER =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "steward-console-journal");
        thread.setDaemon(true);
        return thread;
      });

  /** The journal as read, or why it could not be. */
  private record JournalRead(Optional<JournalSnapshot> last, List<RolloutState> history, Optional<String> problem) {
  }

  private JournalRead readJournal() {
    try {
      return new JournalRead(Optional.of(rollouts.snapshot()), rollouts.history(HISTORY), Optional.empty());
    } catch (IOException | RuntimeException e) {
      return new JournalRead(Optional.empty(), List.of(), Optional.of("rollout journal: " + Errors.rootMessage(e)));
    }
  }

  /** Each live broker's log directories; a broker that does not answer in time is a problem line. */
  private static Map<Integer, Map<String, LogDirDescription>> describeLogDirs(Admin admin, KafkaSnapshot kafka,
      List<String> problems) {
    Map<Integer, Map<String, LogDirDescription>> described = new TreeMap<>();
    if (kafka.liveBrokers().isEmpty()) {
      return described;
    }
    var futures = admin.describeLogDirs(kafka.liveBrokers()).descriptions();
    for (Map.Entry<Integer, KafkaFuture<Map<String, LogDirDescription>>> entry : futures.entrySet()) {
      try {
        described.put(entry.getKey(), get(entry.getValue()));
      } catch (Exception e) {
        problems.add("broker " + entry.getKey() + "'s log directories: " + Errors.rootMessage(e));
      }
    }
    return described;
  }

  static Map<Integer, List<ConsoleSnapshot.LogDir>> usage(Map<Integer, Map<String, LogDirDescription>> described) {
    Map<Integer, List<ConsoleSnapshot.LogDir>> result = new TreeMap<>();
    described.forEach((broker, dirs) -> {
      List<ConsoleSnapshot.LogDir> list = new ArrayList<>();
      new TreeMap<>(dirs).forEach((path, description) -> list.add(new ConsoleSnapshot.LogDir(path,
          description.replicaInfos().values().stream().mapToLong(ReplicaInfo::size).sum())));
      result.put(broker, list);
    });
    return result;
  }

  private Map<String, ConsoleSnapshot.TopicFacts> topics(Admin admin, KafkaSnapshot kafka,
      Map<Integer, Map<String, LogDirDescription>> dirs, List<String> problems) {
    Map<String, Long> sizes = new TreeMap<>();
    kafka.partitions().forEach(p -> sizes.put(p.topic(), 0L));
    dirs.values().forEach(byPath -> byPath.values().forEach(dir -> dir.replicaInfos().forEach((partition, info) ->
        sizes.merge(partition.topic(), info.size(), Long::sum))));
    Map<String, Map<String, String>> configs = new TreeMap<>();
    List<ConfigResource> resources = sizes.keySet().stream()
        .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
    if (!resources.isEmpty()) {
      try {
        Map<ConfigResource, Config> described = get(admin.describeConfigs(resources).all());
        described.forEach((resource, config) -> {
          Map<String, String> set = new TreeMap<>();
          for (ConfigEntry entry : config.entries()) {
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && !entry.isSensitive()) {
              set.put(entry.name(), entry.value());
            }
          }
          configs.put(resource.name(), set);
        });
      } catch (Exception e) {
        problems.add("topic configs: " + Errors.rootMessage(e));
      }
    }
    Map<String, ConsoleSnapshot.TopicFacts> topics = new TreeMap<>();
    sizes.forEach((topic, size) -> topics.put(topic, new ConsoleSnapshot.TopicFacts(size,
        configs.getOrDefault(topic, Map.of()))));
    return topics;
  }

  private static <T> T get(KafkaFuture<T> future) throws Exception {
    return future.get(EXTRAS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
