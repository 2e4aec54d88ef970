package dev.steward.common.render;

import static dev.steward.common.render.RenderFixtures.guide;
import static dev.steward.common.render.RenderFixtures.guideWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.state.HostLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerPropertiesRendererTest {

  @Test
  void sandboxLayoutWritesRealDataDirsJoinedByCommas() {
    Inventory inventory = guideWith("kafka: {version: 3.9.1, dataDirs: [/data/a, /data/b]}");
    String text = ServerPropertiesRenderer.render(inventory, inventory.hosts().get(0), new HostLayout("/tmp/sb/h1"));
    assertThat(text).contains("\nlog.dirs=/tmp/sb/h1/data/a,/tmp/sb/h1/data/b\n");
  }

  @Test
  void overridesStayInTheGuidesPlaceAndAdditionsFollowTheHighAvailabilityBlock() {
    Inventory inventory = guideWith("""
        kafka:
          version: 3.9.1
          port: 9093
          interBrokerProtocolVersion: "3.8"
          config: {auto.create.topics.enable: false, log.retention.hours: 72, unclean.leader.election.enable: false}
        """);
    List<String> lines = ServerPropertiesRenderer.render(inventory, inventory.hosts().get(2), HostLayout.REAL_HOST)
        .lines().toList();

    assertThat(lines.get(12)).isEqualTo("log.retention.hours=72");
    assertThat(lines.subList(lines.size() - 9, lines.size())).containsExactly(
        "default.replication.factor=3",
        "min.insync.replicas=2",
        "unclean.leader.election.enable=false",
        "controlled.shutdown.enable=true",
        "auto.create.topics.enable=false",
        "inter.broker.protocol.version=3.8",
        "broker.id=3",
        "listeners=PLAINTEXT://192.168.1.190:9093",
        "advertised.listeners=PLAINTEXT://192.168.1.190:9093");
  }

  @Test
  void aHostsRackIsRenderedAsBrokerRackAfterTheListeners() {
    Inventory inventory = RenderFixtures.parse("""
        cluster: homelab
        kafka: {version: 3.9.1}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1, rack: rack-a}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2, rack: rack-b}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3, rack: rack-c}
        """);
    assertThat(ServerPropertiesRenderer.render(inventory, inventory.hosts().get(1), HostLayout.REAL_HOST))
        .endsWith("advertised.listeners=PLAINTEXT://10.0.0.2:9092\nbroker.rack=rack-b\n");
    assertThat(ServerPropertiesRenderer.render(guide(), guide().hosts().get(0), HostLayout.REAL_HOST))
        .doesNotContain("broker.rack");
  }

  @Test
  void zookeeperConnectListsOnlyTheEnsemble() {
    Inventory inventory = RenderFixtures.parse("""
        cluster: homelab
        kafka: {version: 3.9.1}
        zookeeper: {clientPort: 2182}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
          - {name: edge, address: "fd00::4", brokerId: 4}
        """);
    assertThat(ServerPropertiesRenderer.render(inventory, inventory.hosts().get(3), HostLayout.REAL_HOST))
        .contains("zookeeper.connect=10.0.0.1:2182,10.0.0.2:2182,10.0.0.3:2182\n")
        .endsWith("broker.id=4\nlisteners=PLAINTEXT://[fd00::4]:9092\nadvertised.listeners=PLAINTEXT://[fd00::4]:9092\n");
  }

  @Test
  void hostWithoutBrokerIsRefused() {
    Inventory inventory = RenderFixtures.parse("""
        cluster: homelab
        kafka: {version: 3.9.1}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
          - {name: zk4, address: 10.0.0.4, zookeeperId: 4}
          - {name: zk5, address: 10.0.0.5, zookeeperId: 5}
        """);
    assertThatThrownBy(() -> ServerPropertiesRenderer.render(inventory, inventory.hosts().get(4), HostLayout.REAL_HOST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aValueThatWouldAddALineIsRefusedEvenWhenTheModelWasBuiltByHand() {
    Inventory guide = guide();
    Inventory forged = new Inventory(guide.cluster(), new dev.steward.common.inventory.KafkaSpec(
        guide.kafka().version(), "2.13", java.util.Optional.empty(), 9092, List.of("/var/lib/kafka/logs"), "2G",
        List.of(), java.util.Map.of("log.retention.hours", "168\nbroker.id=99"), List.of(), java.util.Optional.empty()),
        guide.zookeeper(), guide.install(), guide.sysctl(), guide.firewall(), guide.preflight(), guide.agent(),
        guide.rollout(), guide.connect(), guide.secrets(), guide.connectors(), guide.mirrors(), guide.hosts());

    assertThatThrownBy(() -> ServerPropertiesRenderer.render(forged, forged.hosts().get(0), HostLayout.REAL_HOST))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newline");
  }
}
