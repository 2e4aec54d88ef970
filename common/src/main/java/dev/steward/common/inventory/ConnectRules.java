package dev.steward.common.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Connect section against the rest of the inventory: its hosts exist, and its internal
 * topics can be created (a replication factor above the broker count makes every worker fail at
 * start with an error only its log shows).
 */
final class ConnectRules {

  private static final String CONFIG = "connect.config";

  private ConnectRules() {
  }

  static void check(Inventory inventory, Problems problems) {
    ConnectSpec connect = inventory.connect();
    if (!connect.enabled()) {
      return;
    }
    List<String> known = inventory.hosts().stream().map(HostSpec::name).toList();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < connect.hosts().size(); i++) {
      String name = connect.hosts().get(i);
      String field = FieldPath.index("connect.hosts", i);
      if (!known.contains(name)) {
        problems.error(field, Printable.quote(name) + " is not a host of this inventory",
            "use one of the names under hosts: " + String.join(", ", known));
      } else if (seen.putIfAbsent(name, i) != null) {
        problems.error(field, Printable.quote(name) + " is listed twice", "list each worker host once");
      }
    }
    int brokers = inventory.brokerHosts().size();
    Map<String, String> topicKinds = new HashMap<>();
    for (String kind : List.of("offset", "config", "status")) {
      String topicKey = kind + ".storage.topic";
      String topic = connect.config().get(topicKey);
      String earlier = topicKinds.putIfAbsent(topic, topicKey);
      if (earlier != null) {
        problems.error(FieldPath.quoted(CONFIG, topicKey), Printable.quote(topic) + " is also " + earlier,
            "give the offset, config and status topics three different names");
      }
      replicationFactor(connect.config(), kind + ".storage.replication.factor", brokers, problems);
    }
  }

  private static void replicationFactor(Map<String, String> config, String key, int brokers, Problems problems) {
    String text = config.get(key);
    String field = FieldPath.quoted(CONFIG, key);
    if (text == null || problems.failed(field)) {
      return;
    }
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      value = 0;
    }
    // -1 asks the brokers for their default.replication.factor (Kafka 3.0+)
    if (value == 0 || value < -1) {
      problems.error(field, Printable.quote(text) + " is not a replication factor", "write a number such as 3");
    } else if (brokers > 0 && value > brokers) {
      problems.error(field, value + " is more than the number of brokers (" + brokers + ")",
          "set connect.config.\"" + key + "\": " + brokers + " (at most the number of brokers), or add brokers");
    }
  }
}
