package dev.steward.coordinator.loadcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Proves a rollout loses nothing: a producer (acks=all, idempotent) sends numbered records at a
 * steady rate while a consumer reads them back and checks that every acknowledged record
 * arrives exactly once and, within its partition, in order. Start it, run the rollout, stop it.
 */
public final class LoadChecker implements AutoCloseable {

  private final String bootstrapServers;
  private final String topic;
  private final int ratePerSecond;
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private final AtomicBoolean consuming = new AtomicBoolean(true);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong produceErrors = new AtomicLong();
  private final BitSet acked = new BitSet();
  private final BitSet seen = new BitSet();
  private final AtomicLong receivedTotal = new AtomicLong();
  private final AtomicLong outOfOrder = new AtomicLong();
  private final List<Long> latenciesMicros = new ArrayList<>();
  private final Map<TopicPartition, Long> lastSeqPerPartition = new HashMap<>();
  private final List<String> firstErrors = new ArrayList<>();
  private final java.util.concurrent.CountDownLatch consumerPositioned = new java.util.concurrent.CountDownLatch(1);
  private Thread producerThread;
  private Thread consumerThread;
  private long startNanos;
  private long stopNanos;

  /**
   * @param topic a topic of the check's own; created with replication factor 3 (or the broker
   *     count if smaller), min.insync.replicas 2, 6 partitions
   */
  public LoadChecker(String bootstrapServers, String topic, int ratePerSecond) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.ratePerSecond = ratePerSecond;
  }

  public LoadChecker start(int brokers) throws ExecutionException, InterruptedException, TimeoutException {
    createTopic(brokers);
    startNanos = System.nanoTime();
    consumerThread = new Thread(this::consume, "loadcheck-consumer");
    consumerThread.setDaemon(true);
    consumerThread.start();
    // The consumer must know where this run starts before the first record is sent.
    if (!consumerPositioned.await(60, TimeUnit.SECONDS)) {
      throw new TimeoutException("the load check's consumer could not reach the cluster within 60s");
    }
    producerThread = new Thread(this::produce, "loadcheck-producer");
    producerThread.setDaemon(true);
    producerThread.start();
    return this;
  }

  /** Stops producing, waits (up to {@code drainTimeout}) for the consumer to read every acknowledged record. */
  public LoadCheckResult stop(Duration drainTimeout) throws InterruptedException {
    producing.set(false);
    producerThread.join(Duration.ofMinutes(3).toMillis());
    stopNanos = System.nanoTime();
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    while (System.nanoTime() < deadline && missing() > 0) {
      Thread.sleep(100);
    }
    consuming.set(false);
    consumerThread.join(Duration.ofSeconds(30).toMillis());
    return result();
  }

  public synchronized List<String> firstErrors() {
    return List.copyOf(firstErrors);
  }

  private synchronized long missing() {
    BitSet notSeen = (BitSet) acked.clone();
    notSeen.andNot(seen);
    return notSeen.cardinality();
  }

  private synchronized LoadCheckResult result() {
    long[] sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
    return new LoadCheckResult(sent.get(), acknowledged.get(), seen.cardinality(), missing(),
        receivedTotal.get() - seen.cardinality(), outOfOrder.get(), produceErrors.get(),
        percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0,
        (stopNanos - startNanos) / 1e9);
  }

  private static double percentile(long[] sortedMicros, double p) {
    if (sortedMicros.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sortedMicros.length - 1, Math.ceil(p * sortedMicros.length) - 1);
    return sortedMicros[Math.max(0, index)] / 1000.0;
  }

  private void createTopic(int brokers) throws ExecutionException, InterruptedException, TimeoutException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      short rf = (short) Math.min(3, brokers);
      NewTopic newTopic = new NewTopic(topic, 6, rf).configs(Map.of("min.insync.replicas", rf >= 2 ? "2" : "1"));
      try {
        admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  private void produce() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    long intervalNanos = 1_000_000_000L / Math.max(1, ratePerSecond);
    try (KafkaProducer<Long, String> producer = new KafkaProducer<>(props, new LongSerializer(), new StringSerializer())) {
      long next = System.nanoTime();
      long seq = 0;
      while (producing.get()) {
        long now = System.nanoTime();
        if (now < next) {
          Thread.sleep(Math.max(0, (next - now) / 1_000_000), (int) ((next - now) % 1_000_000));
          continue;
        }
        next += intervalNanos;
        final long id = seq++;
        final long sentAt = System.nanoTime();
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, id, "record " + id), (metadata, error) -> {
          synchronized (LoadChecker.this) {
            if (error == null) {
              acknowledged.incrementAndGet();
              acked.set((int) id);
              latenciesMicros.add((System.nanoTime() - sentAt) / 1000);
            } else {
              produceErrors.incrementAndGet();
              if (firstErrors.size() < 10) {
                firstErrors.add("record " + id + ": " + error);
              }
            }
          }
        });
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void consume() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<Long, String> consumer = new KafkaConsumer<>(props, new LongDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(60));
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      // Only this run's records: a re-used topic may hold older ones.
      consumer.endOffsets(partitions, Duration.ofSeconds(60)).forEach(consumer::seek);
      partitions.forEach(consumer::position);
      consumerPositioned.countDown();
      while (consuming.get()) {
        try {
          for (ConsumerRecord<Long, String> record : consumer.poll(Duration.ofMillis(200))) {
            record(new TopicPartition(record.topic(), record.partition()), record.key());
          }
        } catch (org.apache.kafka.common.errors.RetriableException e) {
          // a broker is restarting; the next poll goes to the new leader
        }
      }
    }
  }

  private synchronized void record(TopicPartition partition, long id) {
    receivedTotal.incrementAndGet();
    seen.set((int) id);
    Long last = lastSeqPerPartition.get(partition);
    if (last != null && id < last) {
      outOfOrder.incrementAndGet();
    }
    lastSeqPerPartition.put(partition, Math.max(id, last == null ? id : last));
  }

  @Override
  public void close() {
    producing.set(false);
    consuming.set(false);
  }
}
