package dev.steward.common.render;

import static dev.steward.common.render.RenderFixtures.guide;
import static dev.steward.common.render.RenderFixtures.guideWith;
import static dev.steward.common.render.RenderFixtures.host;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.state.HostLayout;
import org.junit.jupiter.api.Test;

class ZooKeeperPropertiesRendererTest {

  @Test
  void sandboxLayoutWritesTheRealDataDir() {
    Inventory guide = guide();
    String text = ZooKeeperPropertiesRenderer.render(guide, guide.hosts().get(0), new HostLayout("/tmp/sb/h1"));
    assertThat(text).contains("\ndataDir=/tmp/sb/h1/var/lib/zookeeper\n");
  }

  @Test
  void bindingToTheHostAddressMakesTheFileNodeSpecific() {
    Inventory inventory = guideWith("kafka: {version: 3.9.1}\nzookeeper: {bindClientPortToHostAddress: true}");
    String node1 = ZooKeeperPropertiesRenderer.render(inventory, host(inventory, "cpu-node1"), HostLayout.REAL_HOST);
    String node2 = ZooKeeperPropertiesRenderer.render(inventory, host(inventory, "cpu-node2"), HostLayout.REAL_HOST);

    assertThat(node1).contains("clientPort=2181\nclientPortAddress=192.168.1.184\nmaxClientCnxns=0\n");
    assertThat(node2).contains("clientPortAddress=192.168.1.187\n").doesNotContain("admin.serverAddress");
  }

  @Test
  void enabledAdminServerBindsTheHostAddressOnlyWhenTheClientPortDoes() {
    Inventory shared = guideWith("kafka: {version: 3.9.1}\nzookeeper: {adminServer: {enabled: true, port: 8181}}");
    Inventory bound = guideWith("kafka: {version: 3.9.1}\nzookeeper: {bindClientPortToHostAddress: true, "
        + "adminServer: {enabled: true, port: 8181}}");

    assertThat(ZooKeeperPropertiesRenderer.render(shared, shared.hosts().get(0), HostLayout.REAL_HOST))
        .contains("admin.enableServer=true\n", "admin.serverPort=8181\n").doesNotContain("admin.serverAddress");
    assertThat(ZooKeeperPropertiesRenderer.render(bound, bound.hosts().get(0), HostLayout.REAL_HOST))
        .contains("admin.serverPort=8181\nadmin.serverAddress=192.168.1.184\n");
  }

  @Test
  void overridesStayInPlaceAndAdditionsComeLast() {
    Inventory inventory = guideWith("kafka: {version: 3.9.1}\nzookeeper:\n  fourLetterWords: [srvr, mntr]\n"
        + "  config: {autopurge.purgeInterval: 24, initLimit: 20}");
    String text = ZooKeeperPropertiesRenderer.render(inventory, inventory.hosts().get(0), HostLayout.REAL_HOST);

    assertThat(text).contains("admin.enableServer=false\ninitLimit=20\nsyncLimit=5\n")
        .endsWith("4lw.commands.whitelist=srvr,mntr\nautopurge.purgeInterval=24\n");
  }

  @Test
  void ipv6MembersAreBracketed() {
    Inventory inventory = RenderFixtures.parse("""
        cluster: v6
        kafka: {version: 3.9.1}
        zookeeper: {peerPort: 2889}
        hosts:
          - {name: a, address: "fd00::1", zookeeperId: 1, brokerId: 1}
          - {name: b, address: "fd00::2", zookeeperId: 2, brokerId: 2}
          - {name: c, address: "fd00::3", zookeeperId: 3, brokerId: 3}
        """);
    assertThat(ZooKeeperPropertiesRenderer.render(inventory, inventory.hosts().get(0), HostLayout.REAL_HOST))
        .contains("server.1=[fd00::1]:2889:3888\n", "server.3=[fd00::3]:2889:3888\n");
  }

  @Test
  void serverLinesFollowTheIdsNotTheHostOrder() {
    Inventory reordered = RenderFixtures.parse("""
        cluster: homelab
        kafka: {version: 3.9.1}
        hosts:
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        """);
    assertThat(ZooKeeperPropertiesRenderer.render(reordered, reordered.hosts().get(0), HostLayout.REAL_HOST))
        .contains("server.1=10.0.0.1:2888:3888\nserver.2=10.0.0.2:2888:3888\nserver.3=10.0.0.3:2888:3888\n");
  }

  @Test
  void hostWithoutZooKeeperIsRefused() {
    Inventory inventory = RenderFixtures.parse("""
        cluster: homelab
        kafka: {version: 3.9.1}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
          - {name: edge, address: 10.0.0.4, brokerId: 4}
        """);
    assertThatThrownBy(() -> ZooKeeperPropertiesRenderer.render(inventory, host(inventory, "edge"), HostLayout.REAL_HOST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void myIdIsOnlyTheNumber() {
    assertThat(MyIdRenderer.render(255)).isEqualTo("255\n");
    assertThatThrownBy(() -> MyIdRenderer.render(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dynamicMembershipMovesTheMembersToAFileZooKeeperOwnsAndWhitelistsConf() {
    Inventory inventory = guideWith("kafka: {version: 3.9.1}\nzookeeper: {dynamicMembership: true}");
    String text = ZooKeeperPropertiesRenderer.render(inventory, inventory.hosts().get(0), new HostLayout("/tmp/sb/h1"));

    assertThat(text).doesNotContain("server.")
        .contains("reconfigEnabled=true\nstandaloneEnabled=false\n"
            + "dynamicConfigFile=/tmp/sb/h1/opt/kafka/config/zookeeper.properties.dynamic\n")
        .contains("4lw.commands.whitelist=srvr,mntr,ruok,stat,conf\n");
    assertThat(ZooKeeperPropertiesRenderer.renderMembers(inventory, inventory.zookeeperHosts()))
        .isEqualTo("server.1=192.168.1.184:2888:3888:participant;0.0.0.0:2181\n"
            + "server.2=192.168.1.187:2888:3888:participant;0.0.0.0:2181\n"
            + "server.3=192.168.1.190:2888:3888:participant;0.0.0.0:2181\n");
  }

  @Test
  void withoutDynamicMembershipTheFileIsTheGuidesStaticOne() {
    Inventory guide = guide();
    String text = ZooKeeperPropertiesRenderer.render(guide, guide.hosts().get(0), HostLayout.REAL_HOST);

    assertThat(text).contains("server.1=192.168.1.184:2888:3888\n").doesNotContain("reconfigEnabled")
        .doesNotContain("dynamicConfigFile");
  }
}
