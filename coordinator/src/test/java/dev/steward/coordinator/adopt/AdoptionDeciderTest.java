package dev.steward.coordinator.adopt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.InspectedDirectory;
import dev.steward.agent.v1.FileResource;
import dev.steward.agent.v1.InspectedFile;
import dev.steward.agent.v1.Resource;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.common.render.EquivalentProperties;
import dev.steward.common.render.ServerPropertiesRenderer;
import dev.steward.common.render.ZooKeeperPropertiesRenderer;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.ServiceDescriptor;
import dev.steward.common.service.ZooKeeperService;
import dev.steward.common.state.HostLayout;
import dev.steward.common.state.SecretValues;
import dev.steward.coordinator.adopt.AdoptionDecider.Adoption;
import dev.steward.coordinator.adopt.AdoptionDecider.AgentSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adopting the guide's hand-built cluster, from the agents' raw answers (the guide's own files). */
class AdoptionDeciderTest {

  static final AgentSettings TLS = new AgentSettings(7443, true);

  static Adoption adopt(List<InspectedHost> hosts) throws AdoptionRefusedException {
    return AdoptionDecider.decide("homelab", hosts, TLS);
  }

  /** The written YAML, loaded by the inventory parser every command uses. */
  static Inventory load(Adoption adoption) throws Exception {
    String yaml = AdoptedInventoryYaml.write(adoption.inventory(), adoption.mismatches(), adoption.pendingChanges());
    return new InventoryLoader(ValidationOptions.strict()).parse(yaml, null, "adopted.yaml").inventory();
  }

  @Test
  void theGuidesClusterBecomesItsIdsPathsAndVersion() throws Exception {
    Adoption adoption = adopt(GuideHosts.guide());
    Inventory inventory = load(adoption);

    assertThat(inventory.cluster()).isEqualTo("homelab");
    assertThat(inventory.kafka().version().toString()).isEqualTo("3.9.1");
    assertThat(inventory.kafka().scalaVersion()).isEqualTo("2.13");
    assertThat(inventory.hosts()).extracting(HostSpec::name, HostSpec::address,
            h -> h.zookeeperId().getAsInt(), h -> h.brokerId().getAsInt())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cpu-node1", "192.168.1.184", 1, 1),
            org.assertj.core.groups.Tuple.tuple("cpu-node2", "192.168.1.187", 2, 2),
            org.assertj.core.groups.Tuple.tuple("worker-node3", "192.168.1.190", 3, 3));
    assertThat(inventory.kafka().dataDirs()).containsExactly("/var/lib/kafka/logs");
    assertThat(inventory.zookeeper().dataDir()).isEqualTo("/var/lib/zookeeper");
    assertThat(inventory.install().root()).isEqualTo("/opt");
    assertThat(inventory.install().user()).isEqualTo("kafka");
    assertThat(adoption.mismatches()).isEmpty();
  }

  @Test
  void theGuidesOwnSettingsNeedNoOverrideAndWhatItLeavesOutKeepsKafkasDefault() throws Exception {
    Adoption adoption = adopt(GuideHosts.guide());
    // the guide's common block is Steward's default; its brokers run without the HA lines, i.e. on
    // Kafka's defaults, which the inventory keeps
    assertThat(adoption.inventory().kafkaConfig()).containsExactly(
        Map.entry("default.replication.factor", "1"), Map.entry("min.insync.replicas", "1"));
    assertThat(adoption.inventory().zookeeperConfig()).isEmpty();
    assertThat(adoption.inventory().kafkaHeap()).as("kafka-server-start.sh's heap without KAFKA_HEAP_OPTS")
        .contains("1G");
    assertThat(adoption.inventory().zookeeperHeap()).as("the script's 512M is Steward's default").isEmpty();
    assertThat(adoption.notes()).anySatisfy(note -> assertThat(note).contains("high-availability"));
  }

  @Test
  void renderingTheAdoptedInventoryChangesNoBrokerSettingOnAnyNode() throws Exception {
    Inventory inventory = load(adopt(GuideHosts.guide()));
    for (int node = 1; node <= 3; node++) {
      HostSpec host = inventory.host(GuideHosts.NAMES[node - 1]).orElseThrow();
      String rendered = ServerPropertiesRenderer.render(inventory, host, HostLayout.REAL_HOST);
      assertThat(EffectiveConfig.server(GuideHosts.serverProperties(node), rendered)).as("node " + node).isEmpty();
      // and as plain key -> value, every line of the hand-built file is in the rendered one
      assertThat(PropertiesFile.parse(rendered)).containsAllEntriesOf(
          PropertiesFile.parse(GuideHosts.serverProperties(node)));
    }
  }

  /**
   * What the agents are sent: each host's server.properties resource carries the rules under which
   * the guide's own file counts as unchanged, so `plan` shows no broker configuration change and
   * `apply` keeps the operator's file; zookeeper.properties differs in the named four-letter words only.
   */
  @Test
  void theAgentsAreToldToKeepTheGuidesFilesWhereTheySetWhatStewardWould() throws Exception {
    Inventory inventory = load(adopt(GuideHosts.guide()));
    for (int node = 1; node <= 3; node++) {
      HostSpec host = inventory.host(GuideHosts.NAMES[node - 1]).orElseThrow();
      FileResource server = configFile(new KafkaService(), inventory, host, "server.properties");
      assertThat(EquivalentProperties.equivalent(GuideHosts.serverProperties(node).getBytes(StandardCharsets.UTF_8),
          server.getContent().toByteArray(), server.getPropertiesEquivalence())).as("node " + node).isTrue();
      assertThat(GuideHosts.serverProperties(node)).as("the texts differ: only the settings agree")
          .isNotEqualTo(server.getContent().toStringUtf8());

      FileResource zooKeeper = configFile(new ZooKeeperService(), inventory, host, "zookeeper.properties");
      assertThat(EquivalentProperties.changes(GuideHosts.resource("zookeeper.properties").getBytes(StandardCharsets.UTF_8),
          zooKeeper.getContent().toByteArray(), zooKeeper.getPropertiesEquivalence()).orElseThrow())
          .extracting(EquivalentProperties.Change::toString)
          .containsExactly("4lw.commands.whitelist: (unset: srvr) -> srvr,mntr,ruok,stat");
    }
  }

  private static FileResource configFile(ServiceDescriptor service, Inventory inventory, HostSpec host, String name) {
    return service.resources(inventory, host, HostLayout.REAL_HOST, SecretValues.NONE).stream()
        .filter(Resource::hasFile).map(Resource::getFile).filter(file -> file.getPath().endsWith("/" + name))
        .findFirst().orElseThrow();
  }

  @Test
  void renderingTheAdoptedInventoryChangesNoZooKeeperSettingButTheNamedFourLetterWords() throws Exception {
    Adoption adoption = adopt(GuideHosts.guide());
    Inventory inventory = load(adoption);
    String handBuilt = GuideHosts.resource("zookeeper.properties");
    for (HostSpec host : inventory.zookeeperHosts()) {
      String rendered = ZooKeeperPropertiesRenderer.render(inventory, host, HostLayout.REAL_HOST);
      assertThat(EffectiveConfig.zooKeeper(handBuilt, rendered)).extracting(EffectiveConfig.Difference::key)
          .containsExactly("4lw.commands.whitelist");
      assertThat(PropertiesFile.parse(rendered)).containsAllEntriesOf(PropertiesFile.parse(handBuilt));
    }
    assertThat(adoption.pendingChanges()).filteredOn(c -> c.name().equals(PendingChange.ZOOKEEPER_FOUR_LETTER_WORDS))
        .singleElement().satisfies(c -> assertThat(c.description()).contains("mntr"));
    assertThat(ReproductionCheck.unexplained(inventory, GuideHosts.guide(), adoption.pendingChanges())).isEmpty();
  }

  @Test
  void theGuidesUnitsAndDirectoryAreNamedPendingChanges() throws Exception {
    Adoption adoption = adopt(GuideHosts.guide());
    assertThat(adoption.pendingChanges()).extracting(PendingChange::name).containsExactlyInAnyOrder(
        PendingChange.ZOOKEEPER_FOUR_LETTER_WORDS,
        PendingChange.KAFKA_HOME_NOT_A_LINK,
        PendingChange.UNIT_TYPE_FORKING,
        PendingChange.UNIT_TYPE_FORKING,
        PendingChange.UNIT_REQUIRES_ZOOKEEPER);
    assertThat(adoption.pendingChanges()).filteredOn(c -> c.name().equals(PendingChange.UNIT_TYPE_FORKING))
        .allSatisfy(c -> {
          assertThat(c.hosts()).containsExactly(GuideHosts.NAMES);
          assertThat(c.description()).contains("rolling restart");
        });
    assertThat(adoption.pendingChanges()).filteredOn(c -> c.name().equals(PendingChange.KAFKA_HOME_NOT_A_LINK))
        .singleElement().satisfies(c -> assertThat(c.description())
            .contains("mv /opt/kafka /opt/kafka_2.13-3.9.1 && ln -s /opt/kafka_2.13-3.9.1 /opt/kafka"));
  }

  @Test
  void unitsThatAreAlreadySteward_likeAreNotPending() throws Exception {
    String simple = "[Service]\nType=simple\nExecStart=/usr/bin/java -cp /opt/kafka/libs/* kafka.Kafka x\n";
    Adoption adoption = adopt(GuideHosts.everyNode(n -> n.clearUnits()
        .addUnits(GuideHosts.unit("zookeeper.service", simple, 1)).addUnits(GuideHosts.unit("kafka.service", simple, 2))
        .setKafkaHomeIsLink(true).setKafkaHomeLinkTarget("kafka_2.13-3.9.1")));
    assertThat(adoption.pendingChanges()).extracting(PendingChange::name)
        .containsExactly(PendingChange.ZOOKEEPER_FOUR_LETTER_WORDS);
  }

  @Test
  void settingsThatDifferFromTheGuideOnEveryNodeBecomeOverrides() throws Exception {
    List<InspectedHost> hosts = GuideHosts.everyNode(n -> GuideHosts.withServerProperties(n, text -> text
        .replace("log.retention.hours=168", "log.retention.hours=72") + "compression.type=lz4\n"
        + "min.insync.replicas=2\ndefault.replication.factor=3\n"));
    Adoption adoption = adopt(hosts);
    assertThat(adoption.inventory().kafkaConfig()).containsExactly(
        Map.entry("log.retention.hours", "72"), Map.entry("compression.type", "lz4"));
    Inventory inventory = load(adoption);
    assertThat(ReproductionCheck.unexplained(inventory, hosts, adoption.pendingChanges())).isEmpty();
    assertThat(adoption.notes()).noneSatisfy(note -> assertThat(note).contains("high-availability"));
  }

  @Test
  void quotesAndEmptyValuesSurviveTheYamlAndAValueAnInventoryCannotCarryIsRefused() throws Exception {
    List<InspectedHost> hosts = GuideHosts.everyNode(n -> GuideHosts.withServerProperties(n, text -> text
        + "ssl.endpoint.identification.algorithm=\nclient.id.note=say \"hi\"\n"));
    Adoption adoption = adopt(hosts);
    Inventory inventory = load(adoption);
    assertThat(inventory.kafka().config()).containsEntry("ssl.endpoint.identification.algorithm", "")
        .containsEntry("client.id.note", "say \"hi\"");
    assertThat(ReproductionCheck.unexplained(inventory, hosts, adoption.pendingChanges())).isEmpty();

    assertThatThrownBy(() -> adopt(GuideHosts.everyNode(n -> GuideHosts.withServerProperties(n,
        text -> text + "sasl.kerberos.principal.to.local.rules=RULE:[1:$1@$0](.*@EXAMPLE)s/@.*//\\\\\n"))))
        .isInstanceOf(AdoptionRefusedException.class)
        .hasMessageContaining("sasl.kerberos.principal.to.local.rules").hasMessageContaining("backslash");
  }

  @Test
  void aKeyThatDiffersBetweenHostsIsReportedNotSilentlyPicked() throws Exception {
    List<InspectedHost> hosts = GuideHosts.guide(3, n -> GuideHosts.withServerProperties(n,
        text -> text.replace("log.retention.hours=168", "log.retention.hours=72")));
    Adoption adoption = adopt(hosts);

    assertThat(adoption.mismatches()).singleElement().satisfies(m -> {
      assertThat(m.key()).isEqualTo("log.retention.hours");
      assertThat(m.valuesByHost()).containsEntry("worker-node3", "72").containsEntry("cpu-node1", "168");
      assertThat(m.adopted()).isEqualTo("168");
      assertThat(m.hostsThatWouldChange()).containsExactly("worker-node3");
      assertThat(m.describe()).contains("worker-node3=72").contains("apply would change it on worker-node3");
    });
    assertThat(adoption.pendingChanges()).filteredOn(c -> c.name().equals(PendingChange.CONFIG_MISMATCH))
        .singleElement().satisfies(c -> assertThat(c.hosts()).containsExactly("worker-node3"));
    String yaml = AdoptedInventoryYaml.write(adoption.inventory(), adoption.mismatches(), adoption.pendingChanges());
    assertThat(yaml).contains("# mismatch: server.properties log.retention.hours differs");
    // the difference on node 3 is the named one, nothing else
    assertThat(ReproductionCheck.unexplained(load(adoption), hosts, List.of())).extracting(u -> u.host() + " "
        + u.difference().key()).contains("worker-node3 log.retention.hours").doesNotContain("cpu-node1 "
        + "log.retention.hours");
    assertThat(ReproductionCheck.unexplained(load(adoption), hosts, adoption.pendingChanges())).isEmpty();
  }

  @Test
  void anEnsembleMemberLeftOutOfHostsIsRefused() {
    List<InspectedHost> hosts = GuideHosts.guide().subList(0, 2);
    assertThatThrownBy(() -> adopt(hosts)).isInstanceOf(AdoptionRefusedException.class)
        .hasMessageContaining("server.3").hasMessageContaining("add that member's host (192.168.1.190)");
  }

  @Test
  void aHostWithoutKafkaIsRefusedNamingTheHostAndWhatToDo() {
    List<InspectedHost> hosts = GuideHosts.guide(2, n -> n.setKafkaHomeExists(false).clearKafkaJars());
    assertThatThrownBy(() -> adopt(hosts)).isInstanceOf(AdoptionRefusedException.class)
        .hasMessageStartingWith("cpu-node2: no Kafka under /opt/kafka (it does not exist)")
        .hasMessageContaining("leave this host out of --hosts").hasMessageContaining("Nothing was changed");
  }

  @Test
  void twoKafkaVersionsOnOneHostAreRefusedNamingBoth() {
    List<InspectedHost> hosts = GuideHosts.guide(1, n -> n.addKafkaJars("kafka_2.13-3.8.0.jar"));
    assertThatThrownBy(() -> adopt(hosts)).isInstanceOf(AdoptionRefusedException.class)
        .hasMessageContaining("cpu-node1").hasMessageContaining("kafka_2.13-3.9.1.jar")
        .hasMessageContaining("kafka_2.13-3.8.0.jar").hasMessageContaining("remove the jars");
  }

  @Test
  void hostsOnDifferentKafkaVersionsAreRefused() {
    List<InspectedHost> hosts = GuideHosts.guide(3, n -> n.clearKafkaJars().addKafkaJars("kafka_2.13-3.8.0.jar"));
    assertThatThrownBy(() -> adopt(hosts)).isInstanceOf(AdoptionRefusedException.class)
        .hasMessageContaining("different Kafka versions")
        .hasMessageContaining("kafka_2.13-3.8.0 on worker-node3")
        .hasMessageContaining("kafka_2.13-3.9.1 on cpu-node1, cpu-node2");
  }

  @Test
  void aZooKeeperHostWithoutMyidIsRefused() {
    List<InspectedHost> hosts = GuideHosts.guide(2, n -> n.setMyid(InspectedFile.newBuilder()
        .setPath("/var/lib/zookeeper/myid")));
    assertThatThrownBy(() -> adopt(hosts)).isInstanceOf(AdoptionRefusedException.class)
        .hasMessageStartingWith("cpu-node2: runs ZooKeeper but /var/lib/zookeeper/myid does not exist")
        .hasMessageContaining("echo N > /var/lib/zookeeper/myid");
  }

  @Test
  void duplicateIdsAreRefused() {
    assertThatThrownBy(() -> adopt(GuideHosts.guide(2, n -> n.setMyid(GuideHosts.file("/var/lib/zookeeper/myid",
        "1\n"))))).isInstanceOf(AdoptionRefusedException.class)
        .hasMessageContaining("cpu-node2 and cpu-node1 both hold ZooKeeper id 1");
    assertThatThrownBy(() -> adopt(GuideHosts.guide(3, n -> GuideHosts.withServerProperties(n,
        text -> text.replace("broker.id=3", "broker.id=2"))))).isInstanceOf(AdoptionRefusedException.class)
        .hasMessageContaining("worker-node3 and cpu-node2 both have broker.id=2");
  }

  @Test
  void aListenerOnAnotherAddressIsRefused() {
    assertThatThrownBy(() -> adopt(GuideHosts.guide(1, n -> GuideHosts.withServerProperties(n,
        text -> text.replace("listeners=PLAINTEXT://192.168.1.184:9092\n", "listeners=PLAINTEXT://0.0.0.0:9092\n")))))
        .isInstanceOf(AdoptionRefusedException.class).hasMessageContaining("cpu-node1: listeners=PLAINTEXT://0.0.0.0");
  }

  @Test
  void aHeapGivenInTheUnitIsKept() throws Exception {
    String unit = GuideHosts.resource("kafka.service").replace("Environment=JAVA_HOME",
        "Environment=\"KAFKA_HEAP_OPTS=-Xmx4G -Xms4G\"\nEnvironment=JAVA_HOME");
    Adoption adoption = adopt(GuideHosts.everyNode(n -> n.setUnits(1, GuideHosts.unit("kafka.service", unit, 1))));
    assertThat(adoption.inventory().kafkaHeap()).contains("4G");
    assertThat(load(adoption).kafka().heap()).isEqualToIgnoringCase("4G");
  }

  @Test
  void theServicesUserComesFromTheUnitsElseFromTheOwner() throws Exception {
    String unit = GuideHosts.resource("kafka.service").replace("User=kafka", "User=streams")
        .replace("Group=kafka", "Group=data");
    Adoption fromUnits = adopt(GuideHosts.everyNode(n -> n.setUnits(1, GuideHosts.unit("kafka.service", unit, 1))));
    assertThat(fromUnits.inventory().installUser()).contains("streams");
    assertThat(fromUnits.inventory().installGroup()).contains("data");

    // no units (the agent's supervisor runs the services), the agent owning the installation: manage no user
    Adoption ownUser = adopt(GuideHosts.everyNode(n -> n.clearUnits().setSystemd(false).setAgentUser("root")
        .setKafkaHomeOwner("root").setKafkaHomeGroup("root")));
    assertThat(ownUser.inventory().installUser()).contains("");
    assertThat(load(ownUser).install().user()).isEmpty();
  }

  @Test
  void aSandboxHostIsReadThroughItsHostRoot() throws Exception {
    List<InspectedHost> hosts = new java.util.ArrayList<>();
    for (int node = 1; node <= 3; node++) {
      String root = "/home/me/.steward/sandbox/hosts/h" + node;
      String address = "127.0.12." + node;
      String zk = GuideHosts.resource("zookeeper.properties").replace("/var/lib", root + "/var/lib")
          .replace("192.168.1.184", "127.0.12.1").replace("192.168.1.187", "127.0.12.2")
          .replace("192.168.1.190", "127.0.12.3").replace("clientPort=2181", "clientPort=2181\nclientPortAddress="
              + address) + "4lw.commands.whitelist=srvr,mntr,ruok,stat\nadmin.serverPort=8080\n";
      String server = GuideHosts.serverProperties(node).replace("/var/lib", root + "/var/lib")
          .replace("192.168.1.184", "127.0.12.1").replace("192.168.1.187", "127.0.12.2")
          .replace("192.168.1.190", "127.0.12.3");
      hosts.add(new InspectedHost("h" + node, address, GuideHosts.node(node).setHostRoot(root).setAgentUser("me")
          .setKafkaHomeOwner("me").setKafkaHomeGroup("me").setKafkaHomeIsLink(true).setSystemd(false).clearUnits()
          .setServerProperties(GuideHosts.file("/opt/kafka/config/server.properties", server))
          .setZookeeperProperties(GuideHosts.file("/opt/kafka/config/zookeeper.properties", zk))
          .setMyid(GuideHosts.file(root + "/var/lib/zookeeper/myid", node + "\n"))
          .setDataDirectories(1, InspectedDirectory.newBuilder().setKey("log.dirs")
              .setPath(root + "/var/lib/kafka/logs").setExists(true)).build()));
    }
    Adoption adoption = AdoptionDecider.decide("sandbox", hosts, new AgentSettings(7443, false));
    Inventory inventory = load(adoption);
    assertThat(inventory.kafka().dataDirs()).as("logical, as inventories hold them").containsExactly(
        "/var/lib/kafka/logs");
    assertThat(inventory.zookeeper().bindClientPortToHostAddress()).isTrue();
    assertThat(inventory.install().user()).isEmpty();
    assertThat(inventory.agent().tls()).isFalse();
    assertThat(adoption.pendingChanges()).as("the supervisor runs the services; the words are there").isEmpty();
    assertThat(ReproductionCheck.unexplained(inventory, hosts, List.of())).isEmpty();
  }
}
