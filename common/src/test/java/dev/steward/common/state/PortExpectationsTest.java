package dev.steward.common.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.PortExpectation;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostPorts;
import dev.steward.common.inventory.Inventory;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortExpectationsTest {

  private static PortExpectation port(String address, int port, ServiceName owner) {
    return PortExpectation.newBuilder().setAddress(address).setPort(port).setOwner(owner).build();
  }

  @Test
  void guideHostBindsZooKeeperEverywhereAndItsQuorumAndBrokerPortsOnItsAddress() {
    Inventory inventory = DesiredStateBuilderTest.load("""
        cluster: homelab
        kafka: {version: 3.9.1}
        hosts:
          - {name: cpu-node1,    address: 192.168.1.184, zookeeperId: 1, brokerId: 1}
          - {name: cpu-node2,    address: 192.168.1.187, zookeeperId: 2, brokerId: 2}
          - {name: worker-node3, address: 192.168.1.190, zookeeperId: 3, brokerId: 3}
          - {name: zk4, address: 192.168.1.191, zookeeperId: 4}
          - {name: zk5, address: 192.168.1.192, zookeeperId: 5}
        """);
    assertThat(PortExpectations.forHost(inventory, inventory.hosts().get(0))).containsExactly(
        port(HostPorts.ALL_ADDRESSES, 2181, ServiceName.SERVICE_NAME_ZOOKEEPER),
        port("192.168.1.184", 2888, ServiceName.SERVICE_NAME_ZOOKEEPER),
        port("192.168.1.184", 3888, ServiceName.SERVICE_NAME_ZOOKEEPER),
        port("192.168.1.184", 9092, ServiceName.SERVICE_NAME_KAFKA));
    assertThat(PortExpectations.forHost(inventory, inventory.hosts().get(4))).extracting(PortExpectation::getPort)
        .containsExactly(2181, 2888, 3888);
  }

  @Test
  void sandboxHostBindsEverythingToItsOwnLoopbackAddress() {
    Inventory inventory = DesiredStateBuilderTest.load("""
        cluster: sandbox
        kafka: {version: 3.9.1}
        zookeeper: {bindClientPortToHostAddress: true, adminServer: {enabled: true, port: 8181}}
        agent: {tls: false}
        hosts:
          - {name: h1, address: 127.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: h2, address: 127.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: h3, address: 127.0.0.3, zookeeperId: 3, brokerId: 3}
        """);
    List<PortExpectation> ports = PortExpectations.forHost(inventory, inventory.hosts().get(1));
    assertThat(ports).extracting(PortExpectation::getAddress).containsOnly("127.0.0.2");
    assertThat(ports).extracting(PortExpectation::getPort).containsExactly(2181, 2888, 3888, 8181, 9092);
  }
}
