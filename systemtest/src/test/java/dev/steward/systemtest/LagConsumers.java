package dev.steward.systemtest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The consumer groups `steward lag` is compared on: a topic filled with records, a group that
 * consumed a little, committed and left (stalled), and a group whose consumer keeps polling as a
 * member (active) after one commit, so both have lag that holds still while two tools read it.
 */
final class LagConsumers {

  /** Small batches, so the first poll consumes only part of a partition and leaves lag behind. */
  private static final int RECORDS_PER_POLL = 4;

  private final String bootstrap;

  LagConsumers(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  void createTopic(String topic, int partitions) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get(60, TimeUnit.SECONDS);
    }
  }

  /** {@code perPartition} records to each of partitions 0 .. {@code partitions - 1}, acknowledged by all replicas. */
  void produce(String topic, int partitions, int perPartition) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int partition = 0; partition < partitions; partition++) {
        for (int i = 0; i < perPartition; i++) {
          producer.send(new ProducerRecord<>(topic, partition, null, "record " + i + " of partition " + partition));
        }
      }
      producer.flush();
    }
  }

  /**
   * Joins {@code group}, consumes one batch, commits it and leaves: the group is left Empty with
   * committed offsets behind the log end. Returns what it committed.
   */
  Map<TopicPartition, Long> stall(String group, String topic) {
    try (KafkaConsumer<String, String> consumer = consumer(group)) {
      consumer.subscribe(List.of(topic));
      Map<TopicPartition, Long> consumed = pollUntilConsumed(consumer, Set.of(), Duration.ofSeconds(60));
      consumer.commitSync(asCommit(consumed));
      return consumed;
    }
  }

  /**
   * Starts a member of {@code group} that keeps polling; it commits its first batch once,
   * never for {@code neverCommitted} (a partition it owns but has not committed).
   */
  ActiveConsumer startActive(String group, String topic, TopicPartition neverCommitted) {
    return new ActiveConsumer(consumer(group), topic, neverCommitted);
  }

  private KafkaConsumer<String, String> consumer(String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-client");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, RECORDS_PER_POLL);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /** Polls until a batch holds records of a partition outside {@code excluded}; the next offset of each partition read. */
  private static Map<TopicPartition, Long> pollUntilConsumed(KafkaConsumer<String, String> consumer,
      Set<TopicPartition> excluded, Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    Map<TopicPartition, Long> consumed = new HashMap<>();
    while (Instant.now().isBefore(end)) {
      ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
      for (ConsumerRecord<String, String> record : records) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (!excluded.contains(partition)) {
          consumed.merge(partition, record.offset() + 1, Math::max);
        }
      }
      if (!consumed.isEmpty()) {
        return consumed;
      }
    }
    throw new AssertionError("consumed nothing within " + timeout);
  }

  private static Map<TopicPartition, OffsetAndMetadata> asCommit(Map<TopicPartition, Long> consumed) {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    consumed.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
    return commit;
  }

  /** A group member polling on its own thread until closed; the consumer is only touched from that thread. */
  static final class ActiveConsumer implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final CountDownLatch committed = new CountDownLatch(1);
    private final AtomicReference<Map<TopicPartition, Long>> commit = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private ActiveConsumer(KafkaConsumer<String, String> consumer, String topic, TopicPartition neverCommitted) {
      this.consumer = consumer;
      this.thread = new Thread(() -> run(topic, neverCommitted), "lag-it-active-consumer");
      thread.setDaemon(true);
      thread.start();
    }

    private void run(String topic, TopicPartition neverCommitted) {
      try {
        consumer.subscribe(List.of(topic));
        Map<TopicPartition, Long> consumed = pollUntilConsumed(consumer, Set.of(neverCommitted), Duration.ofSeconds(60));
        consumer.commitSync(asCommit(consumed));
        commit.set(consumed);
        committed.countDown();
        // stays a member: heartbeats and polls go on; with nothing more committed the lag holds still
        while (running) {
          consumer.poll(Duration.ofMillis(200));
        }
      } catch (Throwable e) {
        failure.set(e);
        committed.countDown();
      } finally {
        consumer.close(Duration.ofSeconds(10));
      }
    }

    /** Waits for its one commit; returns what it committed. */
    Map<TopicPartition, Long> awaitCommit(Duration timeout) throws InterruptedException {
      if (!committed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the active consumer committed nothing within " + timeout);
      }
      if (failure.get() != null) {
        throw new AssertionError("the active consumer failed", failure.get());
      }
      return commit.get();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(Duration.ofSeconds(30).toMillis());
    }
  }
}
