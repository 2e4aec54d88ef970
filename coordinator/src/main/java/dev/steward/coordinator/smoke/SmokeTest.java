package dev.steward.coordinator.smoke;

import dev.steward.coordinator.Errors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The guide's Step 8 as a check: a replicated test topic, records produced with acks=all, and
 * every one of them read back. Records carry a per-run id so a re-run on an existing topic
 * only counts its own. Nothing is ever deleted.
 */
public final class SmokeTest {

  public static final String TOPIC = "steward-smoke-test";
  private static final int PARTITIONS = 6;

  private final String bootstrapServers;
  private final Duration timeout;

  public SmokeTest(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  public SmokeTestResult run(int brokerCount, int records) {
    long start = System.nanoTime();
    int replicationFactor = Math.min(3, brokerCount);
    try {
      ensureTopic(replicationFactor);
      String runId = UUID.randomUUID().toString();
      Map<TopicPartition, Long> startOffsets;
      try (KafkaConsumer<String, String> consumer = consumer()) {
        List<TopicPartition> partitions = partitions(consumer);
        startOffsets = consumer.endOffsets(partitions, timeout);
      }
      produce(runId, records);
      int consumed = consume(runId, records, startOffsets);
      return new SmokeTestResult(TOPIC, PARTITIONS, replicationFactor, records, consumed,
          Duration.ofNanos(System.nanoTime() - start),
          consumed == records ? null : "only " + consumed + " of " + records + " records came back");
    } catch (Exception e) {
      return new SmokeTestResult(TOPIC, PARTITIONS, replicationFactor, records, 0,
          Duration.ofNanos(System.nanoTime() - start), Errors.rootMessage(e));
    }
  }

  private void ensureTopic(int replicationFactor) throws ExecutionException, InterruptedException,
      java.util.concurrent.TimeoutException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(props)) {
      try {
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) replicationFactor)))
            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      // Metadata for a new topic reaches every broker a moment after creation; wait for leaders.
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(TOPIC);
        if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
        Thread.sleep(100);
      }
    }
  }

  private void produce(String runId, int records) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        sends.add(producer.send(new ProducerRecord<>(TOPIC, runId + "-" + i, "steward smoke test record " + i)));
      }
      producer.flush();
      for (Future<?> send : sends) {
        send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private int consume(String runId, int expected, Map<TopicPartition, Long> startOffsets) {
    Set<String> seen = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.assign(startOffsets.keySet());
      startOffsets.forEach(consumer::seek);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (seen.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() != null && record.key().startsWith(runId + "-")) {
            seen.add(record.key());
          }
        }
      }
    }
    return seen.size();
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    Optional.ofNullable(consumer.partitionsFor(TOPIC, timeout)).orElse(List.of())
        .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    return partitions;
  }

  private KafkaConsumer<String, String> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

}
