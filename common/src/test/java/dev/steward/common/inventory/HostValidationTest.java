package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.GUIDE;
import static dev.steward.common.inventory.InventoryFixtures.loadAllowingUnsafeEnsemble;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.problems;
import static dev.steward.common.inventory.InventoryFixtures.withHosts;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** hosts[]: names, addresses, ids, uniqueness, roles, ensemble size, and what addresses allow. */
class HostValidationTest {

  private static final String CPU_NODE2 = "{name: cpu-node2,    address: 192.168.1.187, zookeeperId: 2, brokerId: 2}";
  private static final String WORKER3 = "{name: worker-node3, address: 192.168.1.190, zookeeperId: 3, brokerId: 3}";

  @Test
  void duplicateZooKeeperIdNamesBothHostsAsTheReferenceShows() {
    InventoryProblem problem = onlyProblem(GUIDE.replace("zookeeperId: 3", "zookeeperId: 2"), "hosts[2].zookeeperId");
    assertThat(problem.toString()).isEqualTo("hosts[2].zookeeperId: 2 is already used by hosts[1] (cpu-node2); "
        + "give every ZooKeeper node a unique id from 1 to 255");
  }

  @Test
  void duplicateBrokerIdIsReported() {
    assertThat(onlyProblem(GUIDE.replace("brokerId: 3", "brokerId: 1"), "hosts[2].brokerId").message())
        .isEqualTo("1 is already used by hosts[0] (cpu-node1)");
  }

  @Test
  void duplicateNameIgnoringCaseIsReported() {
    assertThat(onlyProblem(GUIDE.replace("worker-node3,", "CPU-Node2,"), "hosts[2].name").message())
        .isEqualTo("\"CPU-Node2\" is already used by hosts[1] (cpu-node2)");
  }

  @Test
  void duplicateAddressIsReportedEvenWrittenDifferently() {
    String yaml = withHosts("""
        - {name: a, address: "fd00::1", zookeeperId: 1, brokerId: 1}
        - {name: b, address: "fd00:0:0:0:0:0:0:1", zookeeperId: 2, brokerId: 2}
        - {name: c, address: Kafka.Example.net, zookeeperId: 3, brokerId: 3}
        - {name: d, address: kafka.example.NET, brokerId: 4}
        """);
    assertThat(problems(yaml)).extracting(InventoryProblem::field).containsExactly("hosts[1].address",
        "hosts[3].address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zookeeperId: 0", "zookeeperId: 256", "zookeeperId: -1", "zookeeperId: 1.5",
      "zookeeperId: \"3\"", "zookeeperId: \"\"", "zookeeperId: ~"})
  void zooKeeperIdOutsideOneTo255IsRefused(String id) {
    onlyProblem(GUIDE.replace("zookeeperId: 3", id), "hosts[2].zookeeperId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"brokerId: -1", "brokerId: 2147483648", "brokerId: 99999999999999999999999"})
  void brokerIdOutsideItsRangeIsRefused(String id) {
    onlyProblem(GUIDE.replace("brokerId: 3", id), "hosts[2].brokerId");
  }

  @Test
  void brokerIdZeroIsAllowed() throws Exception {
    assertThat(InventoryFixtures.load(GUIDE.replace("brokerId: 3", "brokerId: 0")).inventory().brokerHosts())
        .hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.168.1.300", "256.1.1.1", "192.168.01.1", "192.168.1", "fe80::1%eth0", "[fd00::1]",
      "fd00::1::2", "bad_name", "-host", "host-", "a..b", "1.2.3.4.5", "http://host", "host:9092", "\"\""})
  void addressThatIsNeitherIpNorDnsNameIsRefused(String address) {
    onlyProblem(GUIDE.replace("address: 192.168.1.190", "address: \"" + address.replace("\"", "") + "\""),
        "hosts[2].address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu node", "cpu_node", "-cpu", "\"\""})
  void invalidHostNameIsRefused(String name) {
    onlyProblem(GUIDE.replace("name: worker-node3", "name: \"" + name.replace("\"", "") + "\""), "hosts[2].name");
  }

  @Test
  void evenEnsembleIsRefusedUnlessAllowedThenWarned() throws Exception {
    String yaml = GUIDE.replace("  - " + WORKER3 + "\n", "");
    InventoryProblem problem = problems(yaml).stream().filter(p -> p.field().equals("hosts")).findFirst().orElseThrow();
    assertThat(problem.message()).contains("2 nodes, an even number");
    assertThat(problem.fix()).contains("--allow-unsafe-ensemble");

    String twoBrokersWorthOfReplication = yaml.replace("kafka:\n  version: 3.9.1\n", """
        kafka:
          version: 3.9.1
          config: {offsets.topic.replication.factor: 2, transaction.state.log.replication.factor: 2,
                   default.replication.factor: 2, min.insync.replicas: 1}
        """);
    LoadedInventory loaded = loadAllowingUnsafeEnsemble(twoBrokersWorthOfReplication);
    assertThat(loaded.warnings()).extracting(InventoryProblem::field).containsExactly("hosts");
  }

  @Test
  void singleNodeEnsembleIsRefusedUnlessAllowed() throws Exception {
    String yaml = GUIDE.replace("zookeeperId: 2, ", "").replace("zookeeperId: 3, ", "");
    assertThat(onlyProblem(yaml, "hosts").message()).contains("single node");
    assertThat(loadAllowingUnsafeEnsemble(yaml).warnings()).singleElement()
        .satisfies(w -> assertThat(w.message()).contains("single node"));
  }

  @Test
  void inventoryWithoutZooKeeperOrBrokersIsRefused() {
    assertThat(onlyProblem(GUIDE.replaceAll("zookeeperId: \\d, ", ""), "hosts").message()).contains("no host has a zookeeperId");
    assertThat(onlyProblem(GUIDE.replaceAll(", brokerId: \\d", ""), "hosts").message()).contains("no host has a brokerId");
  }

  @Test
  void tlsOffIsRefusedWhenAnyHostIsNotLoopback() {
    String yaml = """
        cluster: sandbox
        kafka: {version: 3.9.1}
        agent: {tls: false}
        hosts:
          - {name: h1, address: 127.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: h2, address: localhost, zookeeperId: 2, brokerId: 2}
          - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """;
    InventoryProblem problem = onlyProblem(yaml, "agent.tls");
    assertThat(problem.message()).contains("hosts[1] (h2) is localhost", "hosts[2] (h3) is 10.0.0.3")
        .doesNotContain("h1");
  }

  @Test
  void managedFirewallNeedsIpAddressesBecauseUfwCannotFilterByName() {
    String yaml = withSections("firewall: {enabled: true}").replace("address: 192.168.1.187", "address: node2.lan");
    assertThat(onlyProblem(yaml, "hosts[1].address").fix()).contains("IP address");
  }

  @Test
  void portsOfOneHostMustDiffer() {
    assertThat(onlyProblem(withSections("zookeeper: {peerPort: 2181}"), "zookeeper.peerPort").message())
        .isEqualTo("2181 is also zookeeper.clientPort");
  }

  @Test
  void hostAgentPortCollidingWithItsBrokerIsReportedAtThatHost() {
    String yaml = GUIDE.replace("brokerId: 2}", "brokerId: 2, agentPort: 9092}");
    assertThat(onlyProblem(yaml, "hosts[1].agentPort").message())
        .isEqualTo("9092 is also kafka.port on hosts[1] (cpu-node2)");
  }

  @Test
  void agentPortCollidingWithZooKeeperOnlyMattersOnZooKeeperHosts() throws Exception {
    String yaml = withSections("agent: {port: 2888}");
    assertThat(onlyProblem(yaml, "agent.port").message()).isEqualTo("2888 is also zookeeper.peerPort");

    String brokerOnlyHostWithThatPort = GUIDE
        .replace("brokerId: 3}", "brokerId: 3}\n  - {name: edge, address: 192.168.1.200, brokerId: 4, agentPort: 2888}");
    assertThat(InventoryFixtures.load(brokerOnlyHostWithThatPort).inventory().hosts()).hasSize(4);
  }

  @Test
  void adminServerPortCollidesOnlyWhenTheAdminServerIsEnabled() throws Exception {
    assertThat(InventoryFixtures.load(withSections("zookeeper: {adminServer: {port: 9092}}")).inventory()).isNotNull();
    onlyProblem(withSections("zookeeper: {adminServer: {enabled: true, port: 9092}}"), "kafka.port");
  }

  @Test
  void rackOnEveryBrokerIsAccepted() throws Exception {
    String yaml = withHosts("""
        - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1, rack: rack-a}
        - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2, rack: rack-b}
        - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3, rack: rack-a}
        """);
    assertThat(InventoryFixtures.load(yaml).inventory().hosts().get(1).rack()).contains("rack-b");
  }

  @Test
  void rackOnSomeBrokersOnlyIsRefused() {
    String yaml = withHosts("""
        - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1, rack: rack-a}
        - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2, rack: rack-b}
        - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """);
    assertThat(onlyProblem(yaml, "hosts[2]").toString()).contains("c names no rack while other brokers do")
        .contains("add rack: <its rack> to every broker host");
  }

  @Test
  void rackOnAHostWithoutBrokerIsRefused() {
    String yaml = withHosts("""
        - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: c, address: 10.0.0.3, zookeeperId: 3, rack: r1}
        """);
    assertThat(InventoryFixtures.problemAt(yaml, "hosts[2].rack").message()).contains("runs no broker");
  }

  @Test
  void rackWithSpacesIsRefused() {
    onlyProblem(GUIDE.replace("zookeeperId: 3, brokerId: 3", "zookeeperId: 3, brokerId: 3, rack: \"a b\"")
        .replace("zookeeperId: 2, brokerId: 2", "zookeeperId: 2, brokerId: 2, rack: x")
        .replace("zookeeperId: 1, brokerId: 1", "zookeeperId: 1, brokerId: 1, rack: x"), "hosts[2].rack");
  }
}
