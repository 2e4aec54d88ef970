package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.problemAt;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The connect section: hosts, replication against brokers, ports, owned keys, plugins. */
class ConnectValidationTest {

  @Test
  void theGuidesWorkerOnCpuNode1LoadsWithTheGuidesValues() throws Exception {
    Inventory inventory = load(withSections("connect: {hosts: [cpu-node1]}")).inventory();

    ConnectSpec connect = inventory.connect();
    assertThat(connect.hosts()).containsExactly("cpu-node1");
    assertThat(connect.groupId()).isEqualTo("connect-cluster");
    assertThat(connect.restPort()).isEqualTo(8083);
    assertThat(connect.config()).containsEntry("offset.storage.replication.factor", "3")
        .containsEntry("value.converter.schemas.enable", "true")
        .containsEntry("scheduled.rebalance.max.delay.ms", "15000");
    assertThat(inventory.connectHosts()).extracting(HostSpec::name).containsExactly("cpu-node1");
  }

  @Test
  void noConnectSectionMeansNoWorker() throws Exception {
    assertThat(load(withSections("")).inventory().connect().enabled()).isFalse();
  }

  @Test
  void aWorkerHostThatIsNotInHostsIsNamed() {
    InventoryProblem problem = onlyProblem(withSections("connect: {hosts: [cpu-node1, cpu-node9]}"),
        "connect.hosts[1]");
    assertThat(problem.message()).contains("cpu-node9").contains("not a host");
    assertThat(problem.fix()).contains("cpu-node1, cpu-node2, worker-node3");
  }

  @Test
  void anEmptyHostListIsRefused() {
    assertThat(onlyProblem(withSections("connect: {groupId: g}"), "connect.hosts").fix()).contains("cpu-node1");
  }

  @Test
  void aReplicationFactorAboveTheBrokerCountIsRefused() {
    InventoryProblem problem = onlyProblem(withSections(
        "connect: {hosts: [cpu-node1], config: {config.storage.replication.factor: 4}}"),
        "connect.config.\"config.storage.replication.factor\"");
    assertThat(problem.message()).isEqualTo("4 is more than the number of brokers (3)");
  }

  @Test
  void twoInternalTopicsWithOneNameAreRefused() {
    onlyProblem(withSections("connect: {hosts: [cpu-node1], config: {status.storage.topic: connect-offsets}}"),
        "connect.config.\"status.storage.topic\"");
  }

  @Test
  void theRestPortOnZooKeepersAdminServerPortIsACollision() {
    InventoryProblem problem = problemAt(withSections("zookeeper: {adminServer: {enabled: true, port: 8083}}\n"
        + "connect: {hosts: [cpu-node1]}"), "connect.restPort");
    assertThat(problem.message()).contains("8083").contains("zookeeper.adminServer.port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest.port", "rest.host.name", "listeners", "plugin.path", "group.id", "bootstrap.servers"})
  void keysStewardDerivesAreRefusedWithWhereToSayIt(String key) {
    InventoryProblem problem = onlyProblem(withSections("connect: {hosts: [cpu-node1], config: {" + key + ": x}}"),
        "connect.config.\"" + key + "\"");
    assertThat(problem.message()).contains("set by Steward");
  }

  @Test
  void aValueThatWouldAddALineIsRefused() {
    onlyProblem(withSections("connect: {hosts: [cpu-node1], config: {offset.flush.interval.ms: \"1\\nplugin.path=/tmp\"}}"),
        "connect.config.\"offset.flush.interval.ms\"");
  }

  @Test
  void aPluginWithoutAChecksumIsRefused(@TempDir Path dir) throws Exception {
    Path archive = Files.writeString(dir.resolve("p.tar.gz"), "x");
    InventoryProblem problem = onlyProblem(withSections("connect: {hosts: [cpu-node1], plugins: [{name: p, path: "
        + archive + "}]}"), "connect.plugins[0].sha512");
    assertThat(problem.message()).contains("required");
  }

  @Test
  void aPluginThatIsNotATarballIsRefused(@TempDir Path dir) throws Exception {
    Path archive = Files.writeString(dir.resolve("p.zip"), "x");
    onlyProblem(withSections("connect: {hosts: [cpu-node1], plugins: [{name: p, path: " + archive + ", sha512: "
        + "a".repeat(128) + "}]}"), "connect.plugins[0].path");
  }

  @Test
  void aPluginLoadsWithItsVersionedDirectoryName(@TempDir Path dir) throws Exception {
    Path archive = Files.writeString(dir.resolve("debezium-connector-postgres-3.2.3.Final-plugin.tar.gz"), "x");
    Inventory inventory = load(withSections("connect: {hosts: [cpu-node1], plugins: [{name: debezium-postgres, path: "
        + archive + ", sha512: " + "A".repeat(128) + "}]}")).inventory();

    PluginSpec plugin = inventory.connect().plugins().get(0);
    assertThat(plugin.versionName()).isEqualTo("debezium-connector-postgres-3.2.3.Final-plugin");
    assertThat(plugin.artifact().sha512()).contains("a".repeat(128));
  }
}
