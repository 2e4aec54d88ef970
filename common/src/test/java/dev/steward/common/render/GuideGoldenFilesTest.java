package dev.steward.common.render;

import static dev.steward.common.render.RenderFixtures.JAVA;
import static dev.steward.common.render.RenderFixtures.guide;
import static dev.steward.common.render.RenderFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.Resource;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.state.DesiredStateBuilder;
import dev.steward.common.state.HostDesiredState;
import dev.steward.common.state.HostLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every file Steward renders for the guide's own cluster, byte for byte (golden/guide/). */
class GuideGoldenFilesTest {

  private final Inventory guide = guide();

  @Test
  void zookeeperPropertiesIsTheSameGoldenFileOnEveryNode() {
    for (HostSpec host : guide.hosts()) {
      assertThat(ZooKeeperPropertiesRenderer.render(guide, host, HostLayout.REAL_HOST))
          .isEqualTo(resource("golden/guide/zookeeper.properties"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu-node1", "cpu-node2", "worker-node3"})
  void myIdOfEachNode(String name) {
    HostSpec host = guide.host(name).orElseThrow();
    assertThat(MyIdRenderer.render(host.zookeeperId().getAsInt())).isEqualTo(resource("golden/guide/" + name + "/myid"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu-node1", "cpu-node2", "worker-node3"})
  void serverPropertiesOfEachBroker(String name) {
    assertThat(ServerPropertiesRenderer.render(guide, guide.host(name).orElseThrow(), HostLayout.REAL_HOST))
        .isEqualTo(resource("golden/guide/" + name + "/server.properties"));
  }

  @Test
  void sysctlFile() {
    assertThat(SysctlRenderer.render(guide.sysctl())).isEqualTo(resource("golden/guide/60-steward.conf"));
  }

  @Test
  void systemdUnitsOfTheServicesTheDesiredStateDescribes() {
    HostDesiredState state = new DesiredStateBuilder()
        .build(guide, guide.hosts().get(0), HostLayout.REAL_HOST, "ab".repeat(64));
    assertThat(SystemdUnitRenderer.render(service(state, "service:zookeeper"), JAVA))
        .isEqualTo(resource("golden/guide/zookeeper.service"));
    assertThat(SystemdUnitRenderer.render(service(state, "service:kafka"), JAVA))
        .isEqualTo(resource("golden/guide/kafka.service"));
  }

  @Test
  void kafkaRestartSecOutlastsACustomZooKeeperSessionAndTheOthersKeepTheGuides() {
    Inventory custom = RenderFixtures.guideWith("""
        kafka:
          version: 3.9.1
          config: {zookeeper.session.timeout.ms: 30000}
        connect: {hosts: [cpu-node1]}
        """);
    HostDesiredState state = new DesiredStateBuilder()
        .build(custom, custom.host("cpu-node1").orElseThrow(), HostLayout.REAL_HOST, "ab".repeat(64));

    assertThat(SystemdUnitRenderer.render(service(state, "service:kafka"), JAVA))
        .as("30 s session + 5 s margin").contains("\nRestartSec=35\n");
    assertThat(SystemdUnitRenderer.render(service(state, "service:zookeeper"), JAVA)).contains("\nRestartSec=10\n");
    assertThat(SystemdUnitRenderer.render(service(state, "service:kafka-connect"), JAVA))
        .contains("\nRestartSec=10\n");
  }

  @Test
  void connectDistributedPropertiesOfTheGuidesWorker() {
    assertThat(ConnectPropertiesRenderer.render(guide, guide.host("cpu-node1").orElseThrow(), HostLayout.REAL_HOST))
        .isEqualTo(resource("golden/guide/cpu-node1/connect-distributed.properties"));
  }

  @Test
  void connectUnitOfTheGuidesWorkerStartsAfterItsBroker() {
    HostDesiredState state = new DesiredStateBuilder()
        .build(guide, guide.host("cpu-node1").orElseThrow(), HostLayout.REAL_HOST, "ab".repeat(64));
    assertThat(SystemdUnitRenderer.render(service(state, "service:kafka-connect"), JAVA))
        .isEqualTo(resource("golden/guide/kafka-connect.service"));
  }

  @Test
  void everyGoldenFileEndsWithANewlineAndAllButMyIdSayWhoManagesThem() {
    for (String file : new String[] {"zookeeper.properties", "cpu-node1/server.properties", "60-steward.conf",
        "zookeeper.service", "kafka.service", "cpu-node1/connect-distributed.properties", "kafka-connect.service"}) {
      String text = resource("golden/guide/" + file);
      assertThat(text).as(file).endsWith("\n").startsWith("# Managed by Steward");
    }
    assertThat(resource("golden/guide/cpu-node1/myid")).isEqualTo("1\n");
  }

  private static dev.steward.agent.v1.ServiceResource service(HostDesiredState state, String id) {
    return state.all().stream().filter(r -> r.getId().equals(id)).map(Resource::getService).findFirst()
        .orElseThrow(() -> new AssertionError("no resource " + id));
  }
}
