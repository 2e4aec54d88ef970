package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.GUIDE;
import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.problems;
import static dev.steward.common.inventory.InventoryFixtures.withKafka;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kafka and zookeeper sections: versions, owned keys, replication against brokers, JVM settings. */
class KafkaValidationTest {

  private static final String ONE_BROKER = """
      cluster: single
      kafka:
        version: 3.9.1
      hosts:
        - {name: solo, address: 192.168.1.50, zookeeperId: 1, brokerId: 1}
        - {name: zk2, address: 192.168.1.51, zookeeperId: 2}
        - {name: zk3, address: 192.168.1.52, zookeeperId: 3}
      """;

  @Test
  void kafka4IsRefusedWithTheKraftExplanation() {
    InventoryProblem problem = onlyProblem(GUIDE.replace("version: 3.9.1", "version: 4.0.0"), "kafka.version");
    assertThat(problem.message()).contains("Kafka 4.0 removed ZooKeeper mode");
    assertThat(problem.fix()).contains("KRaft");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.8.2", "3.9", "\"3.9\"", "3.9.1-rc1", "latest", "\"\""})
  void versionThatIsNotASupportedReleaseIsRefused(String version) {
    onlyProblem(GUIDE.replace("version: 3.9.1", "version: " + version), "kafka.version");
  }

  @Test
  void scalaVersionMustBeOneKafkaIsBuiltFor() {
    onlyProblem(withKafka("scalaVersion: 2.11"), "kafka.scalaVersion");
  }

  @Test
  void oneBrokerInventoryIsToldToLowerEveryGuideReplicationFactor() {
    assertThat(problems(withOneBroker(""))).extracting(InventoryProblem::field).containsExactly(
        "kafka.config.\"offsets.topic.replication.factor\"",
        "kafka.config.\"transaction.state.log.replication.factor\"",
        "kafka.config.\"default.replication.factor\"",
        "kafka.config.\"transaction.state.log.min.isr\"",
        "kafka.config.\"min.insync.replicas\"");
    InventoryProblem offsets = problems(withOneBroker("")).get(0);
    assertThat(offsets.message()).isEqualTo("3 is more than the number of brokers (1)");
    assertThat(offsets.fix()).startsWith("set kafka.config.\"offsets.topic.replication.factor\": 1");
  }

  @Test
  void oneBrokerInventoryWithLoweredFactorsLoadsWithAWarning() throws Exception {
    LoadedInventory loaded = load(withOneBroker("""
        offsets.topic.replication.factor: 1
        transaction.state.log.replication.factor: 1
        transaction.state.log.min.isr: 1
        default.replication.factor: 1
        min.insync.replicas: 1
        """));
    assertThat(loaded.warnings()).extracting(InventoryProblem::field)
        .contains("kafka.config.\"min.insync.replicas\"");
  }

  @Test
  void minInsyncReplicasAboveTheReplicationFactorIsRefused() {
    InventoryProblem problem = onlyProblem(withKafka("config: {min.insync.replicas: 3, default.replication.factor: 2}"),
        "kafka.config.\"min.insync.replicas\"");
    assertThat(problem.message()).contains("more than default.replication.factor (2)");
  }

  @Test
  void minInsyncReplicasEqualToTheReplicationFactorIsAWarning() throws Exception {
    LoadedInventory loaded = load(withKafka("config: {min.insync.replicas: 3}"));
    assertThat(loaded.warnings()).singleElement().satisfies(w -> {
      assertThat(w.field()).isEqualTo("kafka.config.\"min.insync.replicas\"");
      assertThat(w.message()).contains("acks=all");
    });
  }

  @Test
  void replicationFactorThatIsNotANumberIsRefused() {
    onlyProblem(withKafka("config: {default.replication.factor: three}"), "kafka.config.\"default.replication.factor\"");
    onlyProblem(withKafka("config: {default.replication.factor: 0}"), "kafka.config.\"default.replication.factor\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"broker.id", "listeners", "advertised.listeners", "zookeeper.connect", "log.dirs",
      "log.dir", "inter.broker.protocol.version", "process.roles", "node.id"})
  void keysStewardSetsAreRefusedInKafkaConfig(String key) {
    InventoryProblem problem = onlyProblem(withKafka("config: {" + key + ": x}"), "kafka.config.\"" + key + "\"");
    assertThat(problem.message()).contains("set by Steward");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dataDir", "clientPort", "clientPortAddress", "admin.enableServer", "admin.serverPort",
      "admin.serverAddress", "4lw.commands.whitelist", "server.1", "server.7", "reconfigEnabled", "standaloneEnabled",
      "dynamicConfigFile"})
  void keysStewardSetsAreRefusedInZooKeeperConfig(String key) {
    onlyProblem(withSections("zookeeper: {config: {" + key + ": x}}"), "zookeeper.config.\"" + key + "\"");
  }

  @Test
  void zooKeeperConfigMayOverrideTheGuidesTimingSettings() throws Exception {
    ZooKeeperSpec zk = load(withSections("zookeeper: {config: {initLimit: 20, tickTime: 2000}}")).inventory().zookeeper();
    assertThat(zk.config()).containsEntry("initLimit", "20").containsEntry("tickTime", "2000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "\"false\"", "FALSE", "no", "0"})
  void controlledShutdownCannotBeTurnedOff(String value) {
    InventoryProblem problem = onlyProblem(withKafka("config: {controlled.shutdown.enable: " + value + "}"),
        "kafka.config.\"controlled.shutdown.enable\"");
    assertThat(problem.message()).contains("rolling restarts");
  }

  @Test
  void controlledShutdownMayBeSpelledOutAsTrue() throws Exception {
    assertThat(load(withKafka("config: {controlled.shutdown.enable: \"TRUE\"}")).inventory().kafka().config())
        .containsEntry("controlled.shutdown.enable", "TRUE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-Xmx4G", "-Xms1g", "-XX:+UseG1GC -Dfoo=bar", "foo", "-verbose:gc", "\"\"", "-Dx=a\\nb"})
  void jvmOptionsMustBeSingleSafeOptionsAndNotTheHeap(String option) {
    String value = option.startsWith("\"") ? option : "\"" + option + "\"";
    onlyProblem(withKafka("jvmOptions: [-server, " + value + "]"), "kafka.jvmOptions[1]");
  }

  @Test
  void zooKeeperJvmOptionsAreCheckedTheSameWay() {
    assertThat(onlyProblem(withSections("zookeeper: {jvmOptions: [-Xmx1g]}"), "zookeeper.jvmOptions[0]").fix())
        .contains("zookeeper.heap");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2048", "2GB", "2 G", "0", "-1G", "1.5G", "G"})
  void heapMustBeAJvmSizeOfAtLeast16m(String heap) {
    onlyProblem(withKafka("heap: \"" + heap + "\""), "kafka.heap");
  }

  @Test
  void interBrokerProtocolMayNotBeNewerThanTheRelease() {
    assertThat(onlyProblem(withKafka("interBrokerProtocolVersion: \"3.10\""), "kafka.interBrokerProtocolVersion")
        .message()).contains("newer than kafka.version 3.9.1");
    onlyProblem(withKafka("interBrokerProtocolVersion: three"), "kafka.interBrokerProtocolVersion");
  }

  @Test
  void interBrokerProtocolOfAnOlderReleaseIsAccepted() throws Exception {
    assertThat(load(withKafka("interBrokerProtocolVersion: \"3.8-IV0\"")).inventory().kafka()
        .interBrokerProtocolVersion()).contains("3.8-IV0");
  }

  @Test
  void fourLetterWordsMustKeepTheOnesTheHealthGatesUse() {
    assertThat(onlyProblem(withSections("zookeeper: {fourLetterWords: [srvr, ruok]}"), "zookeeper.fourLetterWords")
        .message()).contains("does not contain mntr");
    onlyProblem(withSections("zookeeper: {fourLetterWords: [srvr, mntr, dump]}"), "zookeeper.fourLetterWords[2]");
  }

  @Test
  void dataDirectoriesMayNotOverlap() {
    onlyProblem(withKafka("dataDirs: [/data/kafka, /data/kafka/more]"), "kafka.dataDirs[1]");
    onlyProblem(withKafka("dataDirs: [/data/kafka, /data/kafka]"), "kafka.dataDirs[1]");
    onlyProblem(withSections("zookeeper: {dataDir: /var/lib/kafka/logs/zk}"), "zookeeper.dataDir");
  }

  @Test
  void dataDirectoryInsideTheKafkaInstallationIsRefusedAsUpgradesReplaceIt() {
    onlyProblem(withKafka("dataDirs: [/opt/kafka/data]"), "kafka.dataDirs[0]");
    onlyProblem(withKafka("dataDirs: [/opt/kafka_2.13-3.9.1/data]"), "kafka.dataDirs[0]");
    onlyProblem(withKafka("dataDirs: [/opt]"), "kafka.dataDirs[0]");
    onlyProblem(withSections("install: {root: /var/lib}"), "kafka.dataDirs[0]");
  }

  @Test
  void emptyDataDirectoryListIsRefused() {
    onlyProblem(withKafka("dataDirs: []"), "kafka.dataDirs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka-nodes.lan", "10.0.0.0/33", "10.0.0.0/", "fd00::/129", "0.0.0.0/08"})
  void clientNetworksMustBeIpAddressesOrCidrs(String network) {
    onlyProblem(withKafka("clientNetworks: [10.0.0.0/8, \"" + network + "\"]"), "kafka.clientNetworks[1]");
  }

  @Test
  void userAndGroupAreBothSetOrBothEmpty() {
    onlyProblem(withSections("install: {user: \"\"}"), "install.group");
    onlyProblem(withSections("install: {user: Kafka}"), "install.user");
  }

  @Test
  void packageNamesMustBeAptNames() {
    onlyProblem(withSections("install: {packages: [chrony, \"vim; rm -rf /\"]}"), "install.packages[1]");
  }

  @Test
  void enableUfwWithoutFirewallManagementIsAWarning() throws Exception {
    assertThat(load(withSections("firewall: {enableUfw: true}")).warnings()).extracting(InventoryProblem::field)
        .containsExactly("firewall.enableUfw");
  }

  private static String withOneBroker(String configLines) {
    if (configLines.isEmpty()) {
      return ONE_BROKER;
    }
    String config = configLines.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
    return ONE_BROKER.replace("  version: 3.9.1\n", "  version: 3.9.1\n  config:\n" + config);
  }
}
