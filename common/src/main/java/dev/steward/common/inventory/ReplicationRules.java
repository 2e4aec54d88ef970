package dev.steward.common.inventory;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Replication settings against the number of brokers: Kafka cannot create a topic with more
 * replicas than brokers (its internal topics included), and a minimum ISR larger than the
 * replication factor makes every acks=all write fail.
 */
final class ReplicationRules {

  private static final String CONFIG = "kafka.config";

  private ReplicationRules() {
  }

  static void check(KafkaSpec kafka, int brokers, Problems problems) {
    if (brokers == 0) {
      return;
    }
    Map<String, String> config = kafka.config();
    factor(config, "offsets.topic.replication.factor", brokers, problems);
    OptionalInt transactions = factor(config, "transaction.state.log.replication.factor", brokers, problems);
    OptionalInt topics = factor(config, "default.replication.factor", brokers, problems);
    minIsr(config, "transaction.state.log.min.isr", "transaction.state.log.replication.factor", transactions,
        brokers, problems);
    OptionalInt minIsr = minIsr(config, "min.insync.replicas", "default.replication.factor", topics, brokers, problems);
    if (minIsr.isPresent() && topics.isPresent() && minIsr.getAsInt() == topics.getAsInt()
        && topics.getAsInt() <= brokers) {
      problems.warning(field("min.insync.replicas"), "equals default.replication.factor (" + topics.getAsInt()
              + "): with one replica down every acks=all producer is blocked, and rolling restarts will not "
              + "proceed for such topics",
          "set min.insync.replicas below default.replication.factor, e.g. 2 with 3 replicas");
    }
  }

  private static OptionalInt factor(Map<String, String> config, String key, int brokers, Problems problems) {
    OptionalInt value = positive(config, key, problems);
    if (value.isPresent() && value.getAsInt() > brokers) {
      problems.error(field(key), value.getAsInt() + " is more than the number of brokers (" + brokers + ")",
          "set kafka.config.\"" + key + "\": " + brokers + " (at most the number of brokers), or add brokers");
    }
    return value;
  }

  private static OptionalInt minIsr(Map<String, String> config, String key, String factorKey, OptionalInt factor,
      int brokers, Problems problems) {
    OptionalInt value = positive(config, key, problems);
    if (value.isEmpty() || factor.isEmpty()) {
      return value;
    }
    // against the factor the user will have to settle on, so a single fix satisfies both rules
    int limit = Math.min(factor.getAsInt(), brokers);
    if (value.getAsInt() > limit) {
      String what = factor.getAsInt() <= brokers ? factorKey + " (" + limit + ")"
          : "the number of brokers (" + brokers + ")";
      problems.error(field(key), value.getAsInt() + " is more than " + what + ", so no write could ever be "
          + "acknowledged", "set kafka.config.\"" + key + "\": " + limit + " or lower");
    }
    return value;
  }

  private static OptionalInt positive(Map<String, String> config, String key, Problems problems) {
    String text = config.get(key);
    if (text == null || problems.failed(field(key))) {
      return OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= 1) {
        return OptionalInt.of(value);
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    problems.error(field(key), Printable.quote(text) + " is not a positive integer", "write a number such as 3");
    return OptionalInt.empty();
  }

  private static String field(String key) {
    return FieldPath.quoted(CONFIG, key);
  }
}
