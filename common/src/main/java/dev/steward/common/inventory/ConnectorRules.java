package dev.steward.common.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Connectors against the rest of the inventory: a Connect group to run on, declared secrets, no
 * password written inline, one replication slot and one topic prefix per connector, and a task
 * count the connector can run.
 */
final class ConnectorRules {

  /** Keys whose value is a credential: it must come from a secret, never the inventory's text. */
  private static final Pattern CREDENTIAL_KEY = Pattern.compile("(?i).*(password|secret|credentials?|\\.token|apikey"
      + "|api\\.key|\\.pass)$");
  /**
   * Connectors that run a single task whatever tasks.max says (Debezium reads one replication
   * stream per database): a larger value promises parallelism that never happens.
   */
  private static final Map<String, Integer> MAX_TASKS = Map.of(
      ConnectorSpec.POSTGRES_CONNECTOR, 1,
      "io.debezium.connector.mysql.MySqlConnector", 1);

  private ConnectorRules() {
  }

  static void check(Inventory inventory, Problems problems) {
    List<ConnectorSpec> connectors = inventory.connectors();
    Map<String, Integer> names = new HashMap<>();
    Map<String, Integer> slots = new HashMap<>();
    Map<String, Integer> prefixes = new HashMap<>();
    for (int i = 0; i < connectors.size(); i++) {
      ConnectorSpec connector = connectors.get(i);
      String at = FieldPath.index("connectors", i);
      unique(names, connector.name(), i, at + ".name", "connector name", problems);
      if (!inventory.connect().enabled()) {
        problems.error(at, "there is no Connect cluster to run it", "add a connect section with the worker hosts");
      } else if (!connector.connectCluster().equals(inventory.connect().groupId())) {
        problems.error(at + ".connect", Printable.quote(connector.connectCluster())
            + " is not a Connect cluster of this inventory",
            "use " + inventory.connect().groupId() + " (connect.groupId), or leave connect out");
      }
      Integer most = MAX_TASKS.get(connector.className());
      if (most != null && connector.tasksMax() > most) {
        problems.error(at + ".tasksMax", connector.tasksMax() + " is more than " + connector.className()
            + " runs (" + most + ")", "set tasksMax: " + most);
      }
      connector.config().forEach((key, value) -> {
        String field = FieldPath.quoted(at + ".config", key);
        if (Set.of("connector.class", "tasks.max", "name").contains(key)) {
          problems.error(field, "is set by Steward and may not be given here", "use the connector's class, tasksMax "
              + "and name fields");
        } else if (CREDENTIAL_KEY.matcher(key).matches() && !value.isEmpty() && !value.startsWith("${")) {
          problems.error(field, "is a credential written inline: it would sit in the inventory and in Connect's REST "
              + "output", "declare it under secrets (e.g. secrets: {cdc-db: {env: CDC_DB_PASSWORD}}) and write "
              + key + ": ${secret:cdc-db}");
        }
      });
      for (String secret : connector.secretNames()) {
        // a secret whose own declaration is wrong was reported there
        if (!inventory.secrets().containsKey(secret) && !problems.failedWithin("secrets")) {
          problems.error(at + ".config", "refers to ${secret:" + secret + "}, which is not declared",
              "add secrets: {" + secret + ": {env: VARIABLE}} or {file: /path}");
        }
      }
      if (connector.isDebeziumPostgres()) {
        unique(slots, connector.config().getOrDefault("slot.name", "debezium"), i,
            FieldPath.quoted(at + ".config", "slot.name"), "replication slot", problems);
        unique(prefixes, connector.config().getOrDefault("topic.prefix", ""), i,
            FieldPath.quoted(at + ".config", "topic.prefix"), "topic prefix", problems);
        if (!connector.config().containsKey("topic.prefix")
            && !problems.failed(FieldPath.quoted(at + ".config", "topic.prefix"))) {
          problems.error(FieldPath.quoted(at + ".config", "topic.prefix"), "is required by Debezium",
              "set topic.prefix, e.g. postgres (topics are named <prefix>.<schema>.<table>)");
        }
      }
    }
  }

  private static void unique(Map<String, Integer> seen, String value, int index, String field, String what,
      Problems problems) {
    if (value.isEmpty()) {
      return;
    }
    Integer first = seen.putIfAbsent(value, index);
    if (first != null) {
      problems.error(field, Printable.quote(value) + " is also connectors[" + first + "]'s " + what,
          "give every connector its own " + what);
    }
  }
}
