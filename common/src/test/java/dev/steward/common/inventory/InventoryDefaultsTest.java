package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.GUIDE;
import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.withKafka;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class InventoryDefaultsTest {

  @Test
  void smallestInventoryGetsEveryDefaultOfTheReference() throws Exception {
    LoadedInventory loaded = load(GUIDE);
    Inventory inventory = loaded.inventory();

    assertThat(loaded.warnings()).isEmpty();
    assertThat(inventory.cluster()).isEqualTo("homelab");
    KafkaSpec kafka = inventory.kafka();
    assertThat(kafka.version()).isEqualTo(new KafkaVersion(3, 9, 1));
    assertThat(kafka.scalaVersion()).isEqualTo("2.13");
    assertThat(kafka.distributionName()).isEqualTo("kafka_2.13-3.9.1");
    assertThat(kafka.artifact()).as("the bundled artifact is resolved later, by the coordinator").isEmpty();
    assertThat(kafka.port()).isEqualTo(9092);
    assertThat(kafka.dataDirs()).containsExactly("/var/lib/kafka/logs");
    assertThat(kafka.heap()).isEqualTo("2G");
    assertThat(kafka.jvmOptions()).containsExactly("-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
        "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-XX:MaxInlineLevel=15",
        "-Djava.awt.headless=true");
    assertThat(kafka.clientNetworks()).isEmpty();
    assertThat(kafka.interBrokerProtocolVersion()).isEmpty();
    assertThat(kafka.config().keySet()).containsExactly("num.network.threads", "num.io.threads",
        "socket.send.buffer.bytes", "socket.receive.buffer.bytes", "socket.request.max.bytes", "num.partitions",
        "num.recovery.threads.per.data.dir", "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor", "transaction.state.log.min.isr", "log.retention.hours",
        "log.segment.bytes", "log.retention.check.interval.ms", "zookeeper.connection.timeout.ms",
        "group.initial.rebalance.delay.ms", "replica.fetch.max.bytes", "message.max.bytes",
        "replica.socket.timeout.ms", "replica.socket.receive.buffer.bytes", "default.replication.factor",
        "min.insync.replicas", "unclean.leader.election.enable", "controlled.shutdown.enable");

    ZooKeeperSpec zk = inventory.zookeeper();
    assertThat(List.of(zk.clientPort(), zk.peerPort(), zk.electionPort())).containsExactly(2181, 2888, 3888);
    assertThat(zk.dataDir()).isEqualTo("/var/lib/zookeeper");
    assertThat(zk.heap()).isEqualTo("512m");
    assertThat(zk.jvmOptions()).containsExactly("-server", "-XX:+UseG1GC", "-Djava.awt.headless=true");
    assertThat(zk.adminServerEnabled()).isFalse();
    assertThat(zk.adminServerPort()).isEqualTo(8080);
    assertThat(zk.fourLetterWords()).containsExactly("srvr", "mntr", "ruok", "stat");
    assertThat(zk.bindClientPortToHostAddress()).isFalse();
    assertThat(zk.config()).containsExactly(Map.entry("maxClientCnxns", "0"), Map.entry("initLimit", "10"),
        Map.entry("syncLimit", "5"));

    assertThat(inventory.install()).isEqualTo(new InstallSpec("/opt", "kafka", "kafka", "openjdk-17-jre-headless",
        List.of(), 100000, 120));
    assertThat(inventory.install().kafkaHome()).isEqualTo("/opt/kafka");
    assertThat(inventory.sysctl().enabled()).isTrue();
    assertThat(inventory.sysctl().values()).containsExactly(Map.entry("vm.swappiness", "1"),
        Map.entry("vm.dirty_ratio", "80"), Map.entry("vm.dirty_background_ratio", "5"),
        Map.entry("net.core.rmem_default", "262144"), Map.entry("net.core.rmem_max", "16777216"),
        Map.entry("net.core.wmem_default", "262144"), Map.entry("net.core.wmem_max", "16777216"));
    assertThat(inventory.firewall()).isEqualTo(new FirewallSpec(false, false, 22, List.of()));
    assertThat(inventory.preflight()).isEqualTo(new PreflightSpec(4L << 30, 50L << 30, 11, Duration.ofSeconds(2)));
    assertThat(inventory.agent()).isEqualTo(new AgentSpec(7443, true, java.util.Optional.empty()));
    assertThat(inventory.rollout()).isEqualTo(new RolloutSpec(Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofMinutes(10), Duration.ofMinutes(3), Duration.ofMillis(250)));
    assertThat(inventory.hosts()).containsExactly(
        new HostSpec("cpu-node1", "192.168.1.184", OptionalInt.of(1), OptionalInt.of(1), 7443),
        new HostSpec("cpu-node2", "192.168.1.187", OptionalInt.of(2), OptionalInt.of(2), 7443),
        new HostSpec("worker-node3", "192.168.1.190", OptionalInt.of(3), OptionalInt.of(3), 7443));
    assertThat(inventory.zookeeperConnect()).isEqualTo("192.168.1.184:2181,192.168.1.187:2181,192.168.1.190:2181");
  }

  @Test
  void overridesReplaceTheGuidesValueInPlaceAndAdditionsFollowInFileOrder() throws Exception {
    KafkaSpec kafka = load(withKafka("""
        config:
          zzz.custom.setting: x
          log.retention.hours: 72
          min.insync.replicas: 1
        """)).inventory().kafka();

    List<String> keys = List.copyOf(kafka.config().keySet());
    assertThat(kafka.config()).containsEntry("log.retention.hours", "72").containsEntry("min.insync.replicas", "1");
    assertThat(keys.indexOf("log.retention.hours")).isEqualTo(10);
    assertThat(keys.get(keys.size() - 1)).isEqualTo("zzz.custom.setting");
  }

  @Test
  void yamlNumbersKeepTheTextTheUserWrote() throws Exception {
    KafkaSpec kafka = load(withKafka("""
        scalaVersion: 2.12
        interBrokerProtocolVersion: 3.9
        config:
          some.ratio: 0.50
          big.number: 10000000000
          flag: true
        """)).inventory().kafka();

    assertThat(kafka.scalaVersion()).isEqualTo("2.12");
    assertThat(kafka.interBrokerProtocolVersion()).contains("3.9");
    assertThat(kafka.config()).containsEntry("some.ratio", "0.50").containsEntry("big.number", "10000000000")
        .containsEntry("flag", "true");
  }

  @Test
  void emptySectionsMeanAllDefaults() throws Exception {
    Inventory inventory = load(withSections("zookeeper:\ninstall: ~\nsysctl: {}\n")).inventory();

    assertThat(inventory.zookeeper().clientPort()).isEqualTo(2181);
    assertThat(inventory.install().user()).isEqualTo("kafka");
  }

  @Test
  void emptyUserAndGroupMeanTheAgentsOwnUser() throws Exception {
    InstallSpec install = load(withSections("install: {user: \"\", group: \"\", javaPackage: \"\"}")).inventory()
        .install();

    assertThat(install.user()).isEmpty();
    assertThat(install.group()).isEmpty();
    assertThat(install.javaPackage()).isEmpty();
  }

  @Test
  void hostAgentPortDefaultsToTheAgentSection() throws Exception {
    Inventory inventory = load(withSections("agent: {port: 9443}").replace(
        "worker-node3, address: 192.168.1.190, zookeeperId: 3, brokerId: 3}",
        "worker-node3, address: 192.168.1.190, zookeeperId: 3, brokerId: 3, agentPort: 9444}")).inventory();

    assertThat(inventory.hosts()).extracting(HostSpec::agentPort).containsExactly(9443, 9443, 9444);
  }

  @Test
  void sizesAndDurationsInEveryUnit() throws Exception {
    Inventory inventory = load(withSections("""
        preflight: {minMemory: 512MiB, minFreeDisk: 50GB, maxClockSkew: 500ms}
        rollout: {zookeeperReadyTimeout: 0s, brokerReadyTimeout: 1h, pollInterval: 2s}
        """)).inventory();

    assertThat(inventory.preflight().minMemoryBytes()).isEqualTo(512L << 20);
    assertThat(inventory.preflight().minFreeDiskBytes()).as("GB is decimal").isEqualTo(50_000_000_000L);
    assertThat(inventory.preflight().maxClockSkew()).isEqualTo(Duration.ofMillis(500));
    assertThat(inventory.rollout().zookeeperReadyTimeout()).as("0s waits forever").isZero();
    assertThat(inventory.rollout().brokerReadyTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(Sizes.parse("4G")).hasValue(4L << 30);
    assertThat(Sizes.parse("4k")).hasValue(4096);
    assertThat(Sizes.parse("1TiB")).hasValue(1L << 40);
    assertThat(Sizes.parse("123")).hasValue(123);
  }

  @Test
  void ipv6AndDnsNameAddressesAreAccepted() throws Exception {
    Inventory inventory = load(InventoryFixtures.withHosts("""
        - {name: a, address: "fd00::11", zookeeperId: 1, brokerId: 1}
        - {name: b, address: "::ffff:10.0.0.2", zookeeperId: 2, brokerId: 2}
        - {name: c, address: kafka3.example.net, zookeeperId: 3, brokerId: 3}
        """)).inventory();

    assertThat(inventory.zookeeperConnect()).isEqualTo("[fd00::11]:2181,[::ffff:10.0.0.2]:2181,kafka3.example.net:2181");
  }

  @Test
  void loopbackSandboxMayRunWithoutTls() throws Exception {
    Inventory inventory = load("""
        cluster: sandbox
        kafka: {version: 3.9.1}
        agent: {tls: false}
        hosts:
          - {name: h1, address: 127.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: h2, address: 127.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: h3, address: "::1", zookeeperId: 3, brokerId: 3}
        """).inventory();

    assertThat(inventory.agent().tls()).isFalse();
  }

  @Test
  void documentedExamplesLoad() throws Exception {
    InventoryLoader loader = new InventoryLoader(ValidationOptions.strict());
    LoadedInventory guide = loader.load(exampleFile("guide-3-nodes.yaml"));
    LoadedInventory five = loader.load(exampleFile("five-nodes.yaml"));

    assertThat(guide.inventory().withConnect(ConnectSpec.NONE)).isEqualTo(load(GUIDE).inventory());
    assertThat(guide.inventory().connect().hosts()).as("the guide's Step 9 worker").containsExactly("cpu-node1");
    assertThat(guide.file()).isEqualTo(exampleFile("guide-3-nodes.yaml"));
    assertThat(five.warnings()).isEmpty();
    assertThat(five.inventory().zookeeperHosts()).hasSize(5);
    assertThat(five.inventory().brokerHosts()).hasSize(4);
    assertThat(five.inventory().kafka().dataDirs()).containsExactly("/data/disk1/kafka", "/data/disk2/kafka");
  }

  static Path exampleFile(String name) {
    return Path.of("..", "docs", "examples", name);
  }
}
