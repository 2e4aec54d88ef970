package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A produce/consume check that goes through every broker: a topic with one partition per broker
 * (RF = brokers, so each broker leads one), records produced to each partition by a producer that
 * knows only that partition's leader, then everything read back once by a consumer.
 */
final class EveryBroker {

  private static final int PER_BROKER = 20;

  private EveryBroker() {
  }

  /** @param brokers "address:port" of each broker, in broker id order (id 1 first) */
  static void produceAndConsume(List<String> brokers, String topic) throws Exception {
    String all = String.join(",", brokers);
    Map<Integer, Integer> partitionLedBy;
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, all);
    try (Admin admin = Admin.create(adminProps)) {
      admin.createTopics(List.of(new NewTopic(topic, brokers.size(), (short) brokers.size())
          .configs(Map.of("min.insync.replicas", "2")))).all().get(60, TimeUnit.SECONDS);
      // broker id -> the partition it leads with every broker in sync
      partitionLedBy = Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200))
          .until("each broker leading one partition of " + topic + " (broker id -> partition)", () -> {
            Map<Integer, Integer> ledBy = new TreeMap<>();
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(topic);
            for (TopicPartitionInfo partition : description.partitions()) {
              if (partition.leader() != null && partition.isr().size() == brokers.size()) {
                ledBy.put(partition.leader().id(), partition.partition());
              }
            }
            return ledBy;
          }, ledBy -> ledBy.size() >= brokers.size());
    }
    assertThat(partitionLedBy.keySet()).as("each broker leads one partition of " + topic).hasSize(brokers.size());

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < brokers.size(); i++) {
      int brokerId = i + 1;
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.get(i));
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
          new StringSerializer())) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int n = 0; n < PER_BROKER; n++) {
          String key = "broker-" + brokerId + "-" + n;
          acks.add(producer.send(new ProducerRecord<>(topic, partitionLedBy.get(brokerId), key, key)));
          sent.add(key);
        }
        for (Future<RecordMetadata> ack : acks) {
          ack.get(60, TimeUnit.SECONDS);
        }
      }
    }

    Map<String, Integer> received = new HashMap<>();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.get(0));
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new StringDeserializer())) {
      List<TopicPartition> partitions = partitionLedBy.values().stream().map(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.values().stream().mapToInt(Integer::intValue).sum() < sent.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          received.merge(record.key(), 1, Integer::sum);
        }
      }
    }
    assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(received.values()).as("each record once").allMatch(count -> count == 1);
    System.out.println("produce/consume through every broker: " + sent.size() + " records, partition leaders "
        + partitionLedBy);
  }
}
