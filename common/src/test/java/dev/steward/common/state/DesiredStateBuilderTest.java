package dev.steward.common.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.DirectoryResource;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceRunState;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DesiredStateBuilderTest {

  private static final String SHA = "0123456789abcdef".repeat(8);
  private static final String MIXED_ROLES = """
      cluster: mixed
      kafka: {version: 3.9.1}
      hosts:
        - {name: both, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: zk2, address: 10.0.0.2, zookeeperId: 2}
        - {name: zk3, address: 10.0.0.3, zookeeperId: 3}
        - {name: edge, address: 10.0.0.4, brokerId: 4}
      """;
  private static final String MIXED_ROLES_CONFIG = """
      cluster: mixed
      kafka:
        version: 3.9.1
        config: {offsets.topic.replication.factor: 2, transaction.state.log.replication.factor: 2,
                 default.replication.factor: 2, min.insync.replicas: 1, transaction.state.log.min.isr: 1}
      """;

  private final DesiredStateBuilder builder = new DesiredStateBuilder();

  @Test
  void zooKeeperAndBrokerHostGetsEveryPhase() {
    Inventory inventory = load(guideYaml(""));
    HostDesiredState state = builder.build(inventory, inventory.hosts().get(0), HostLayout.REAL_HOST, SHA);

    assertThat(state.host()).isEqualTo("cpu-node1");
    assertThat(ids(state.base())).containsExactly("user:kafka", "java", "dir:/opt", "archive:kafka",
        "dir:/opt/kafka/logs", "dir:/opt/kafka/logs/zookeeper", "dir:/var/lib/zookeeper", "dir:/var/lib/kafka/logs",
        "sysctl");
    assertThat(ids(state.service("zookeeper"))).containsExactly("file:/opt/kafka/config/zookeeper.properties", "myid",
        "service:zookeeper");
    assertThat(ids(state.service("kafka"))).containsExactly("file:/opt/kafka/config/server.properties", "service:kafka");
    assertThat(ids(state.all())).doesNotHaveDuplicates();

    Resource user = state.base().get(0);
    assertThat(user.getUser().getSystem()).isTrue();
    assertThat(user.getUser().getShell()).isEqualTo("/bin/false");
    assertThat(byId(state, "java").getJavaRuntime().getMinFeatureVersion()).isEqualTo(11);
    assertThat(byId(state, "java").getJavaRuntime().getInstallPackage()).isEqualTo("openjdk-17-jre-headless");
    assertThat(byId(state, "dir:/opt").getDirectory()).isEqualTo(DirectoryResource.newBuilder().setPath("/opt")
        .setMode(0755).build());
    Resource archive = byId(state, "archive:kafka");
    assertThat(archive.getArchive().getName()).isEqualTo("kafka_2.13-3.9.1");
    assertThat(archive.getArchive().getSha512()).isEqualTo(SHA);
    assertThat(archive.getArchive().getInstallRoot()).isEqualTo("/opt");
    assertThat(archive.getArchive().getLink()).isEqualTo("/opt/kafka");
    assertThat(archive.getArchive().getOwner()).isEqualTo("kafka");
    assertThat(archive.getNotifiesList()).containsExactly(ServiceName.SERVICE_NAME_ZOOKEEPER, ServiceName.SERVICE_NAME_KAFKA);
    DirectoryResource data = byId(state, "dir:/var/lib/kafka/logs").getDirectory();
    assertThat(data.getMode()).isEqualTo(0750);
    assertThat(data.getOwner()).isEqualTo("kafka");
    assertThat(data.getRecursiveOwnership()).isFalse();
    assertThat(byId(state, "dir:/opt/kafka/logs").getDirectory().getMode()).isEqualTo(0755);
    assertThat(byId(state, "sysctl").getSysctl().getPath()).isEqualTo("/etc/sysctl.d/60-steward.conf");
    assertThat(byId(state, "sysctl").getSysctl().getValuesMap()).containsEntry("vm.swappiness", "1").hasSize(7);

    Resource zkConfig = byId(state, "file:/opt/kafka/config/zookeeper.properties");
    assertThat(zkConfig.getNotifiesList()).containsExactly(ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(zkConfig.getFile().getMode()).isEqualTo(0644);
    assertThat(byId(state, "myid").getMyid().getPath()).isEqualTo("/var/lib/zookeeper/myid");
    assertThat(byId(state, "myid").getMyid().getId()).isEqualTo(1);

    Resource zk = byId(state, "service:zookeeper");
    assertThat(zk.getService().getState()).isEqualTo(ServiceRunState.SERVICE_RUN_STATE_RUNNING);
    assertThat(zk.getService().getEnabled()).isTrue();
    assertThat(zk.getService().getRequiresList()).isEmpty();
    JvmLaunch zkLaunch = zk.getService().getLaunch();
    assertThat(zkLaunch.getHeapOptionsList()).containsExactly("-Xmx512m", "-Xms512m");
    assertThat(zkLaunch.getJvmOptionsList()).containsExactly("-server", "-XX:+UseG1GC", "-Djava.awt.headless=true");
    assertThat(zkLaunch.getConfigFile()).isEqualTo("/opt/kafka/config/zookeeper.properties");
    assertThat(zkLaunch.getStopTimeoutSeconds()).isEqualTo(120);
    assertThat(zkLaunch.getLimitNofile()).isEqualTo(100000);
    assertThat(zkLaunch.getRestartDelaySeconds()).isEqualTo(10);
    assertThat(zkLaunch.getUser()).isEqualTo("kafka");

    Resource kafka = byId(state, "service:kafka");
    assertThat(kafka.getService().getRequiresList()).containsExactly(ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(kafka.getService().getLaunch().getHeapOptionsList()).containsExactly("-Xmx2G", "-Xms2G");
    assertThat(kafka.getService().getLaunch().getRestartDelaySeconds()).as("Kafka's 18 s ZooKeeper session + 5 s")
        .isEqualTo(23);
    assertThat(byId(state, "file:/opt/kafka/config/server.properties").getNotifiesList())
        .containsExactly(ServiceName.SERVICE_NAME_KAFKA);
  }

  @Test
  void brokerOnlyHostHasNoZooKeeperPhaseAndRequiresNoLocalZooKeeper() {
    Inventory inventory = load(MIXED_ROLES_CONFIG + MIXED_ROLES.substring(MIXED_ROLES.indexOf("hosts:")));
    HostDesiredState state = builder.build(inventory, inventory.host("edge").orElseThrow(), HostLayout.REAL_HOST, SHA);

    assertThat(state.service("zookeeper")).isEmpty();
    assertThat(ids(state.base())).contains("dir:/var/lib/kafka/logs").doesNotContain("dir:/var/lib/zookeeper");
    assertThat(byId(state, "archive:kafka").getNotifiesList()).containsExactly(ServiceName.SERVICE_NAME_KAFKA);
    assertThat(byId(state, "service:kafka").getService().getRequiresList()).isEmpty();
  }

  @Test
  void zooKeeperOnlyHostHasNoKafkaPhaseAndNoKafkaDataDirs() {
    Inventory inventory = load(MIXED_ROLES_CONFIG + MIXED_ROLES.substring(MIXED_ROLES.indexOf("hosts:")));
    HostDesiredState state = builder.build(inventory, inventory.host("zk2").orElseThrow(), HostLayout.REAL_HOST, SHA);

    assertThat(state.service("kafka")).isEmpty();
    assertThat(ids(state.base())).contains("dir:/var/lib/zookeeper").doesNotContain("dir:/var/lib/kafka/logs");
    assertThat(byId(state, "archive:kafka").getNotifiesList()).containsExactly(ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(byId(state, "myid").getMyid().getId()).isEqualTo(2);
  }

  @Test
  void sandboxLayoutPutsRealPathsInContentsButLogicalPathsInResourcesAndLaunches() {
    Inventory inventory = load(guideYaml(""));
    HostDesiredState state = builder.build(inventory, inventory.hosts().get(0), new HostLayout("/tmp/sb/h1"), SHA);

    assertThat(ids(state.all())).contains("dir:/var/lib/zookeeper", "file:/opt/kafka/config/server.properties");
    assertThat(byId(state, "myid").getMyid().getPath()).isEqualTo("/var/lib/zookeeper/myid");
    assertThat(byId(state, "file:/opt/kafka/config/server.properties").getFile().getPath())
        .isEqualTo("/opt/kafka/config/server.properties");
    assertThat(content(state, "file:/opt/kafka/config/server.properties"))
        .contains("\nlog.dirs=/tmp/sb/h1/var/lib/kafka/logs\n");
    assertThat(content(state, "file:/opt/kafka/config/zookeeper.properties"))
        .contains("\ndataDir=/tmp/sb/h1/var/lib/zookeeper\n");
    JvmLaunch launch = byId(state, "service:kafka").getService().getLaunch();
    assertThat(launch.getInstallDir()).isEqualTo("/opt/kafka");
    assertThat(launch.getConfigFile()).isEqualTo("/opt/kafka/config/server.properties");
    assertThat(launch.getLogDir()).isEqualTo("/opt/kafka/logs");
    assertThat(byId(state, "service:zookeeper").getService().getLaunch().getLogDir())
        .as("ZooKeeper must not share Kafka's server.log").isEqualTo("/opt/kafka/logs/zookeeper");
    assertThat(byId(state, "archive:kafka").getArchive().getInstallRoot()).isEqualTo("/opt");
  }

  @Test
  void sameInputsGiveTheSameResourcesByteForByte() {
    Inventory first = load(guideYaml("firewall: {enabled: true}\ninstall: {packages: [chrony, jq]}"));
    Inventory second = load(guideYaml("firewall: {enabled: true}\ninstall: {packages: [chrony, jq]}"));
    for (int i = 0; i < first.hosts().size(); i++) {
      HostDesiredState a = builder.build(first, first.hosts().get(i), HostLayout.REAL_HOST, SHA);
      HostDesiredState b = new DesiredStateBuilder().build(second, second.hosts().get(i), HostLayout.REAL_HOST, SHA);
      assertThat(a).isEqualTo(b);
      assertThat(a.all().stream().map(Resource::toByteString).toList())
          .isEqualTo(b.all().stream().map(Resource::toByteString).toList());
    }
  }

  @Test
  void agentsOwnUserManagesNoUserAndChangesNoOwnership() {
    Inventory inventory = load(guideYaml("install: {user: \"\", group: \"\"}"));
    HostDesiredState state = builder.build(inventory, inventory.hosts().get(0), HostLayout.REAL_HOST, SHA);

    assertThat(ids(state.base())).noneMatch(id -> id.startsWith("user:"));
    assertThat(byId(state, "dir:/var/lib/zookeeper").getDirectory().getOwner()).isEmpty();
    assertThat(byId(state, "service:kafka").getService().getLaunch().getUser()).isEmpty();
  }

  @Test
  void optionalBaseResourcesFollowTheInventory() {
    Inventory inventory = load(guideYaml("""
        install: {packages: [chrony, jq], javaPackage: ""}
        sysctl: {enabled: false}
        firewall: {enabled: true, enableUfw: true, sshPort: 2222}"""));
    HostDesiredState state = builder.build(inventory, inventory.hosts().get(1), HostLayout.REAL_HOST, SHA);

    assertThat(ids(state.base())).containsSubsequence("user:kafka", "apt:chrony", "apt:jq", "java")
        .doesNotContain("sysctl").endsWith("firewall");
    assertThat(byId(state, "java").getJavaRuntime().getInstallPackage()).isEmpty();
    assertThat(byId(state, "firewall").getFirewall().getEnable()).isTrue();
    assertThat(byId(state, "firewall").getFirewall().getNeverBlockPortsList()).containsExactly(2222, 7443);
    assertThat(byId(state, "firewall").getFirewall().getRulesList()).isNotEmpty();
  }

  @Test
  void coordinatorAddressesNarrowTheAgentPortInsteadOfNeverBlockingIt() {
    Inventory inventory = load(guideYaml("firewall: {enabled: true, enableUfw: true, coordinatorAddresses: [10.9.9.9]}"));
    HostDesiredState state = builder.build(inventory, inventory.hosts().get(0), HostLayout.REAL_HOST, SHA);

    assertThat(byId(state, "firewall").getFirewall().getNeverBlockPortsList()).containsExactly(22);
    assertThat(byId(state, "firewall").getFirewall().getRulesList())
        .filteredOn(rule -> rule.getPort() == 7443).extracting(rule -> rule.getFrom()).containsExactly("10.9.9.9");
  }

  @Test
  void everyDataDirectoryBecomesAResource() {
    Inventory inventory = load(guideYaml("").replace("version: 3.9.1", "version: 3.9.1\n  dataDirs: [/data/a, /data/b]"));
    assertThat(ids(builder.build(inventory, inventory.hosts().get(0), HostLayout.REAL_HOST, SHA).base()))
        .contains("dir:/data/a", "dir:/data/b");
  }

  @Test
  void hostOfAnotherInventoryOrAMalformedChecksumIsRefused() {
    Inventory inventory = load(guideYaml(""));
    HostSpec stranger = new HostSpec("x", "10.9.9.9", OptionalInt.of(9), OptionalInt.of(9), 7443);
    assertThatThrownBy(() -> builder.build(inventory, stranger, HostLayout.REAL_HOST, SHA))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.build(inventory, inventory.hosts().get(0), HostLayout.REAL_HOST, "abc"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String guideYaml(String sections) {
    return "cluster: homelab\nkafka:\n  version: 3.9.1\n" + sections + (sections.isEmpty() ? "" : "\n") + """
        hosts:
          - {name: cpu-node1,    address: 192.168.1.184, zookeeperId: 1, brokerId: 1}
          - {name: cpu-node2,    address: 192.168.1.187, zookeeperId: 2, brokerId: 2}
          - {name: worker-node3, address: 192.168.1.190, zookeeperId: 3, brokerId: 3}
        """;
  }

  static Inventory load(String yaml) {
    try {
      return new InventoryLoader(ValidationOptions.strict()).parse(yaml, null, "test").inventory();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> ids(List<Resource> resources) {
    return resources.stream().map(Resource::getId).toList();
  }

  private static Resource byId(HostDesiredState state, String id) {
    return state.all().stream().filter(r -> r.getId().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + id + " in " + ids(state.all())));
  }

  private static String content(HostDesiredState state, String id) {
    return byId(state, id).getFile().getContent().toString(StandardCharsets.UTF_8);
  }
}
