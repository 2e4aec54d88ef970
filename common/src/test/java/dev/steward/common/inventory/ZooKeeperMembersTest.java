package dev.steward.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interim inventories of a membership change (docs/scaling.md). */
class ZooKeeperMembersTest {

  private static Inventory inventory() throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: s
        kafka: {version: 3.9.1}
        zookeeper: {dynamicMembership: true}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
          - {name: d, address: 10.0.0.4, zookeeperId: 4, brokerId: 4}
          - {name: e, address: 10.0.0.5, zookeeperId: 5}
          - {name: f, address: 10.0.0.6}
        """, null, "s.yaml").inventory();
  }

  @Test
  void membersNotRunningYetLoseTheirIdButKeepTheirBroker() throws Exception {
    Inventory interim = inventory().withZooKeeperMembers(Map.of("10.0.0.1", 1, "10.0.0.2", 2, "10.0.0.3", 3));

    assertThat(interim.zookeeperHosts()).extracting(HostSpec::name).containsExactly("a", "b", "c");
    assertThat(interim.host("d").orElseThrow().brokerId()).hasValue(4);
    assertThat(interim.zookeeperConnect()).doesNotContain("10.0.0.4").doesNotContain("10.0.0.5");
    assertThat(interim.brokerHosts()).hasSize(4);
  }

  @Test
  void aLeavingMemberWhoseHostHasNoIdAnyMoreIsAMemberAgainUntilItLeaves() throws Exception {
    Inventory interim = inventory().withZooKeeperMembers(Map.of("10.0.0.1", 1, "10.0.0.2", 2, "10.0.0.3", 3,
        "10.0.0.6", 6));

    assertThat(interim.host("f").orElseThrow().zookeeperId()).hasValue(6);
    assertThat(interim.zookeeperHosts()).extracting(HostSpec::name).containsExactly("a", "b", "c", "f");
  }
}
