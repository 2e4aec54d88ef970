package dev.steward.coordinator.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.CheckOutcome;
import dev.steward.agent.v1.PeerEndpoint;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.agent.v1.FirewallRule;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.render.FirewallRules;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

    assertThat(endpoints(inventory, "a")).containsExactly("b:2181", "b:2888", "b:3888", "b:9092",
        "z:2181", "z:2888", "z:3888", "k:9092");
    assertThat(endpoints(inventory, "z")).as("a ZooKeeper-only host talks to the ensemble only")
        .containsExactly("a:2888", "a:3888", "b:2888", "b:3888");
    assertThat(endpoints(inventory, "k")).containsExactly("a:2181", "a:9092", "b:2181", "b:9092", "z:2181");
    assertThat(peerNames(inventory, "a")).doesNotContain("a");
  }

  @Test
  void connectWorkersAreProbedOnTheBrokersAndOnEachOthersRestPort() throws Exception {
    Inventory inventory = withConnect();

    assertThat(endpoints(inventory, "w")).as("a Connect-only host dials the brokers and the other workers")
        .containsExactly("a:9092", "a:8083", "b:9092", "k:9092");
    assertThat(endpoints(inventory, "a")).contains("w:8083").doesNotContain("w:9092", "w:2181");
  }

  /**
   * Preflight probes a peer's port exactly when that peer's firewall lets this host in: both come
   * from one port table, and this fails the day they do not.
   */
  @Test
  void everyPortPreflightProbesIsOneThePeersFirewallOpensToTheProbingHost() throws Exception {
    for (Inventory inventory : List.of(inventory(), withConnect())) {
      for (HostSpec host : inventory.hosts()) {
        for (HostSpec peer : inventory.hosts()) {
          if (peer.equals(host)) {
            continue;
          }
          Set<Integer> probed = PreflightRunner.request(inventory, host).getPeersList().stream()
              .filter(p -> p.getName().equals(peer.name())).map(PeerEndpoint::getPort).collect(Collectors.toSet());
          Set<Integer> opened = FirewallRules.forHost(inventory, peer).stream()
              .filter(rule -> rule.getFrom().equals(host.address()) || rule.getFrom().isEmpty())
              .map(FirewallRule::getPort).collect(Collectors.toSet());
          Set<Integer> openedToHostOnly = FirewallRules.forHost(inventory, peer).stream()
              .filter(rule -> rule.getFrom().equals(host.address()))
              .map(FirewallRule::getPort).collect(Collectors.toSet());
          assertThat(opened).as(host.name() + " probes " + peer.name() + " on " + probed).containsAll(probed);
          assertThat(probed).as(peer.name() + " lets " + host.name() + " in on " + openedToHostOnly + " by name")
              .containsAll(openedToHostOnly);
        }
      }
    }
  }

  private static Inventory withConnect() throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: pf
        kafka: {version: 3.9.1, clientNetworks: [10.1.0.0/16], config: {offsets.topic.replication.factor: 2, transaction.state.log.replication.factor: 2, default.replication.factor: 2}}
        firewall: {enabled: true, coordinatorAddresses: [10.0.9.9]}
        connect: {hosts: [a, w], config: {offset.storage.replication.factor: 2, config.storage.replication.factor: 2, status.storage.replication.factor: 2}}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: z, address: 10.0.0.3, zookeeperId: 3}
          - {name: k, address: 10.0.0.4, brokerId: 4, agentPort: 7444}
          - {name: w, address: 10.0.0.5}
        """, null, "pf.yaml").inventory();
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
