package dev.steward.coordinator.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorReconcilerTest {

  private static Inventory inventory(String connectorLines) throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: r
        kafka: {version: 3.9.1}
        connect: {hosts: [a]}
        secrets:
          db: {env: DB_PASSWORD}
        connectors:
        %s
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """.formatted(connectorLines), null, "r.yaml").inventory();
  }

  private static final String FILE_SOURCE = """
        - name: lines
          class: org.apache.kafka.connect.file.FileStreamSourceConnector
          config: {file: /tmp/in.txt, topic: lines}
      """;

  private static final String DEBEZIUM = """
        - name: pg
          class: io.debezium.connector.postgresql.PostgresConnector
          config: {database.hostname: db, database.dbname: app, database.user: cdc,
                   database.password: "${secret:db}", topic.prefix: pg}
      """;

  private static ConnectorReconciler reconciler(Inventory inventory) {
    return new ConnectorReconciler(inventory, name -> "/opt/kafka/config/connect-secrets/" + name + ".properties");
  }

  @Test
  void aMissingConnectorIsCreatedWithClassTasksAndName() throws Exception {
    ConnectorReconciler reconciler = reconciler(inventory(FILE_SOURCE));

    assertThat(reconciler.decide(Map.of(), Map.of(), false)).containsExactly(
        new ConnectorReconciler.Change("lines", ConnectorReconciler.Action.CREATE,
            "org.apache.kafka.connect.file.FileStreamSourceConnector"));
    assertThat(reconciler.effectiveConfig(inventory(FILE_SOURCE).connectors().get(0))).containsEntry("tasks.max", "1")
        .containsEntry("name", "lines").containsEntry("file", "/tmp/in.txt");
  }

  @Test
  void anEqualConfigChangesNothingSoTheConnectorIsNotRestarted() throws Exception {
    Inventory inventory = inventory(FILE_SOURCE);
    ConnectorReconciler reconciler = reconciler(inventory);
    Map<String, String> running = reconciler.effectiveConfig(inventory.connectors().get(0));

    assertThat(reconciler.decide(Map.of("lines", running), Map.of("lines", "RUNNING"), false)).extracting(
        ConnectorReconciler.Change::action).containsExactly(ConnectorReconciler.Action.UNCHANGED);
  }

  @Test
  void aChangedValueIsAnUpdateNamingTheKey() throws Exception {
    Inventory inventory = inventory(FILE_SOURCE);
    ConnectorReconciler reconciler = reconciler(inventory);
    Map<String, String> running = new java.util.HashMap<>(reconciler.effectiveConfig(inventory.connectors().get(0)));
    running.put("topic", "old");
    running.put("batch.size", "10");

    List<ConnectorReconciler.Change> changes = reconciler.decide(Map.of("lines", running), Map.of(), false);
    assertThat(changes).containsExactly(new ConnectorReconciler.Change("lines", ConnectorReconciler.Action.UPDATE,
        "-batch.size ~topic"));
  }

  @Test
  void aSecretIsAFileReferenceAndDebeziumGetsAHeartbeat() throws Exception {
    Inventory inventory = inventory(DEBEZIUM);
    Map<String, String> config = reconciler(inventory).effectiveConfig(inventory.connectors().get(0));

    assertThat(config).containsEntry("database.password",
        "${file:/opt/kafka/config/connect-secrets/db.properties:value}").containsEntry("heartbeat.interval.ms", "10000");
  }

  @Test
  void declaredStatesArePutIntoEffect() throws Exception {
    Inventory inventory = inventory(FILE_SOURCE.replace("name: lines", "name: lines\n    state: paused"));
    ConnectorReconciler reconciler = reconciler(inventory);
    Map<String, String> running = reconciler.effectiveConfig(inventory.connectors().get(0));

    assertThat(reconciler.decide(Map.of("lines", running), Map.of("lines", "RUNNING"), false))
        .extracting(ConnectorReconciler.Change::action).containsExactly(ConnectorReconciler.Action.PAUSE);
    assertThat(reconciler.decide(Map.of("lines", running), Map.of("lines", "PAUSED"), false))
        .extracting(ConnectorReconciler.Change::action).containsExactly(ConnectorReconciler.Action.UNCHANGED);
    Inventory runningOne = inventory(FILE_SOURCE);
    assertThat(reconciler(runningOne).decide(Map.of("lines", running), Map.of("lines", "STOPPED"), false))
        .extracting(ConnectorReconciler.Change::action).containsExactly(ConnectorReconciler.Action.RESUME);
  }

  @Test
  void anUndeclaredConnectorIsReportedAndOnlyDeletedWhenPruning() throws Exception {
    ConnectorReconciler reconciler = reconciler(inventory(FILE_SOURCE));
    Map<String, String> stray = Map.of("name", "stray", "connector.class", "x.Y", "tasks.max", "1");
    Map<String, String> lines = reconciler.effectiveConfig(inventory(FILE_SOURCE).connectors().get(0));

    assertThat(reconciler.decide(Map.of("lines", lines, "stray", stray), Map.of(), false))
        .contains(new ConnectorReconciler.Change("stray", ConnectorReconciler.Action.UNDECLARED,
            "runs but is not in the inventory; `apply --prune` deletes it"));
    assertThat(reconciler.decide(Map.of("lines", lines, "stray", stray), Map.of(), true))
        .extracting(ConnectorReconciler.Change::action).contains(ConnectorReconciler.Action.DELETE);
  }
}
