package dev.steward.systemtest;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients of the mirror test: a keyed producer on the source, a consumer group that
 * commits what it read, the same group failing over to the target. Records are
 * {@code order-<n>} valued, keyed {@code customer-<n % 17>}, so content and keys can be compared.
 */
final class MirrorClients {

  private MirrorClients() {
  }

  static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get(1, TimeUnit.MINUTES);
    }
  }

  /** Produces records {@code from..to} with acks=all; value -> key. */
  static Map<String, String> produce(String bootstrap, String topic, int from, int to) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    Map<String, String> sent = new LinkedHashMap<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
        new StringSerializer())) {
      for (int n = from; n <= to; n++) {
        String key = "customer-" + (n % 17);
        String value = "order-" + n;
        producer.send(new ProducerRecord<>(topic, key, value)).get(1, TimeUnit.MINUTES);
        sent.put(value, key);
      }
    }
    return sent;
  }

  /** Every record of the topic (value -> key), read without a group until {@code expected} are there. */
  static Map<String, String> readAll(String bootstrap, String topic, int expected, Duration timeout) {
    Map<String, String> seen = new LinkedHashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "mirror-it-reader-" + System.nanoTime())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (seen.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          seen.put(record.value(), record.key());
        }
      }
    }
    return seen;
  }

  /** The group reads {@code count} records, commits them, and leaves; the values it read. */
  static Set<String> consumeAndCommit(String bootstrap, String topic, String group, int count, Duration timeout) {
    Set<String> read = new LinkedHashSet<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap, group)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (read.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> read.add(r.value()));
      }
      consumer.commitSync();
    }
    return read;
  }

  /**
   * The group, failed over to the target: reads from its committed offsets (from the beginning if
   * it had none) until every one of {@code mustSee} arrived and a few polls bring nothing more.
   * Returns value -> how often it was read.
   */
  static Map<String, Integer> consumeFailedOver(String bootstrap, String topic, String group, List<String> mustSee,
      Duration timeout) {
    Map<String, Integer> read = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap, group)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      int quiet = 0;
      while (System.nanoTime() < deadline && (!read.keySet().containsAll(mustSee) || quiet < 4)) {
        var records = consumer.poll(Duration.ofMillis(500));
        quiet = records.isEmpty() ? quiet + 1 : 0;
        records.forEach(r -> read.merge(r.value(), 1, Integer::sum));
      }
    }
    return read;
  }

  /** The group's committed offsets in the topic, by partition. */
  static Map<Integer, Long> committed(String bootstrap, String group, String topic) throws Exception {
    Map<Integer, Long> offsets = new TreeMap<>();
    try (Admin admin = admin(bootstrap)) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      committed.forEach((tp, offset) -> {
        if (tp.topic().equals(topic) && offset != null) {
          offsets.put(tp.partition(), offset.offset());
        }
      });
    }
    return offsets;
  }

  /** The sum of the topic's log-end offsets; 0 while it does not exist. */
  static long endOffsetSum(String bootstrap, String topic) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        return 0;
      }
      var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(info -> info.offset()).sum();
    }
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(props);
  }
}
