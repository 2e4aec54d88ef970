package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** secrets and connectors: every case is bad input naming the field, before any host is contacted. */
class ConnectorValidationTest {

  private static String debezium(String extra) {
    return withSections("""
        connect: {hosts: [cpu-node1]}
        secrets:
          cdc-db: {env: CDC_DB_PASSWORD}
        connectors:
          - name: pg
            class: io.debezium.connector.postgresql.PostgresConnector
            config:
              database.hostname: 192.168.1.184
              database.password: ${secret:cdc-db}
              topic.prefix: postgres
        """ + extra);
  }

  @Test
  void theGuidesConnectorWithItsPasswordAsASecretLoads() throws Exception {
    Inventory inventory = load(debezium("")).inventory();

    ConnectorSpec connector = inventory.connectors().get(0);
    assertThat(connector.connectCluster()).isEqualTo("connect-cluster");
    assertThat(connector.state()).isEqualTo("running");
    assertThat(connector.secretNames()).containsExactly("cdc-db");
    assertThat(inventory.secrets().get("cdc-db").source()).isEqualTo("environment variable CDC_DB_PASSWORD");
  }

  @Test
  void anInlinePasswordIsRefusedWithTheSecretToUseInstead() {
    InventoryProblem problem = onlyProblem(debezium("").replace("${secret:cdc-db}", "cdc_password123"),
        "connectors[0].config.\"database.password\"");
    assertThat(problem.fix()).contains("secrets").contains("${secret:");
  }

  @Test
  void anUndeclaredSecretIsNamed() {
    onlyProblem(debezium("").replace("${secret:cdc-db}", "${secret:other}"), "connectors[0].config");
  }

  @Test
  void twoConnectorsOnOneSlotAreRefused() {
    String two = debezium("""
          - name: pg2
            class: io.debezium.connector.postgresql.PostgresConnector
            config: {database.password: "${secret:cdc-db}", topic.prefix: other}
        """);
    assertThat(onlyProblem(two, "connectors[1].config.\"slot.name\"").message()).contains("connectors[0]");
  }

  @Test
  void twoConnectorsWithOneTopicPrefixAreRefused() {
    String two = debezium("""
          - name: pg2
            class: io.debezium.connector.postgresql.PostgresConnector
            config: {database.password: "${secret:cdc-db}", topic.prefix: postgres, slot.name: s2}
        """);
    onlyProblem(two, "connectors[1].config.\"topic.prefix\"");
  }

  @Test
  void debeziumRunsOneTask() {
    assertThat(onlyProblem(debezium("").replace("class: io.debezium.connector.postgresql.PostgresConnector",
        "class: io.debezium.connector.postgresql.PostgresConnector\n    tasksMax: 2"), "connectors[0].tasksMax").fix())
        .isEqualTo("set tasksMax: 1");
  }

  @Test
  void aControlCharacterInAValueIsRefused() {
    onlyProblem(debezium("").replace("topic.prefix: postgres", "topic.prefix: \"post\\u0007gres\""),
        "connectors[0].config.\"topic.prefix\"");
  }

  @Test
  void aConnectClusterThatIsNotOursIsRefused() {
    onlyProblem(debezium("").replace("  - name: pg\n", "  - name: pg\n    connect: elsewhere\n"), "connectors[0].connect");
  }

  @Test
  void aConnectorWithoutAConnectSectionHasNowhereToRun() {
    onlyProblem(debezium("").replace("connect: {hosts: [cpu-node1]}\n", ""), "connectors[0]");
  }

  @Test
  void aSecretNamingBothSourcesIsRefused() {
    onlyProblem(debezium("").replace("{env: CDC_DB_PASSWORD}", "{env: X, file: /tmp/x}"), "secrets.\"cdc-db\"");
  }
}
