package dev.steward.coordinator.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.CheckOutcome;
import dev.steward.agent.v1.PeerEndpoint;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightRunnerTest {

  private static Inventory inventory() throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: pf
        kafka: {version: 3.9.1, config: {offsets.topic.replication.factor: 2, transaction.state.log.replication.factor: 2, default.replication.factor: 2}}
        firewall: {enabled: true, coordinatorAddresses: [10.0.9.9]}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: z, address: 10.0.0.3, zookeeperId: 3}
          - {name: k, address: 10.0.0.4, brokerId: 4, agentPort: 7444}
        """, null, "pf.yaml").inventory();
  }

  private static List<String> peerNames(Inventory inventory, String host) {
    return PreflightRunner.request(inventory, inventory.host(host).orElseThrow()).getPeersList().stream()
        .map(PeerEndpoint::getName).toList();
  }

  private static List<String> endpoints(Inventory inventory, String host) {
    return PreflightRunner.request(inventory, inventory.host(host).orElseThrow()).getPeersList().stream()
        .map(p -> p.getName() + ":" + p.getPort()).toList();
  }

  @Test
  void peersAreProbedOnThePortsTheClusterUsesBetweenThemNeverOnTheAgentPort() throws Exception {
    Inventory inventory = inventory();

    assertThat(endpoints(inventory, "a")).containsExactly("b:3888", "b:2888", "b:2181", "b:9092",
        "z:3888", "z:2888", "z:2181", "k:9092");
    assertThat(endpoints(inventory, "z")).as("a ZooKeeper-only host talks to the ensemble only")
        .containsExactly("a:3888", "a:2888", "b:3888", "b:2888");
    assertThat(endpoints(inventory, "k")).containsExactly("a:2181", "a:9092", "b:2181", "b:9092", "z:2181");
    assertThat(peerNames(inventory, "a")).doesNotContain("a");
  }

  @Test
  void unansweredPeerIsAWarningWhenStewardsOwnFirewallShouldOpenItSoApplyCanRepairDrift() throws Exception {
    HostCheck blocked = new HostCheck("a", "peer:b:2888", CheckOutcome.CHECK_OUTCOME_FAIL, "connect failed: timed out",
        "10.0.0.2:2888 reachable", "no answer from 10.0.0.2:2888");

    HostCheck withFirewall = PreflightRunner.peerBlockedByOwnFirewall(inventory(), blocked);
    assertThat(withFirewall.outcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_WARN);
    assertThat(withFirewall.message()).contains("apply restores them");

    Inventory noFirewall = new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: pf
        kafka: {version: 3.9.1}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """, null, "pf.yaml").inventory();
    assertThat(PreflightRunner.peerBlockedByOwnFirewall(noFirewall, blocked)).isEqualTo(blocked);
    HostCheck memory = new HostCheck("a", "memory", CheckOutcome.CHECK_OUTCOME_FAIL, "1 GiB", "4 GiB", "");
    assertThat(PreflightRunner.peerBlockedByOwnFirewall(inventory(), memory)).isEqualTo(memory);
  }
}
