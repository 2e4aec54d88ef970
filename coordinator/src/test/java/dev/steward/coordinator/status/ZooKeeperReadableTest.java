package dev.steward.coordinator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZooKeeperReadableTest {

  private static final Fleet.Outcome<ZooKeeperNodeState> AGENT_DOWN =
      new Fleet.Outcome<>(null, new IllegalStateException("UNAVAILABLE"));

  @Test
  void aMajorityReportedNotServingByTheirAgentsCannotBeReadAndTheMessageNamesThem() throws Exception {
    var nodes = nodes(notServing("h1"), serving("h2", "leader"), notServing("h3"));

    assertThat(ZooKeeperReadable.whyNot(nodes))
        .hasValue("no quorum: the agents report ZooKeeper not serving on h1, h3");
  }

  @Test
  void aNodeWhoseAgentDidNotAnswerMayBeServingSoTheClientIsStillTried() throws Exception {
    var nodes = nodes(notServing("h1"), AGENT_DOWN, AGENT_DOWN);

    assertThat(ZooKeeperReadable.whyNot(nodes)).isEmpty();
  }

  @Test
  void aQuorumOrAMinorityDownIsReadable() throws Exception {
    assertThat(ZooKeeperReadable.whyNot(nodes(serving("h1", "follower"), serving("h2", "leader"), notServing("h3"))))
        .isEmpty();
  }

  private static Fleet.Outcome<ZooKeeperNodeState> serving(String host, String mode) {
    return new Fleet.Outcome<>(new ZooKeeperNodeState(host, 1, true, mode, Map.of(), ""), null);
  }

  /** The agent answered: nothing listens on the client port. */
  private static Fleet.Outcome<ZooKeeperNodeState> notServing(String host) {
    return new Fleet.Outcome<>(ZooKeeperNodeState.unreachable(host, 1, "Connection refused"), null);
  }

  @SafeVarargs
  private static Map<HostSpec, Fleet.Outcome<ZooKeeperNodeState>> nodes(Fleet.Outcome<ZooKeeperNodeState>... answers)
      throws Exception {
    Inventory inventory = new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: zk
        kafka: {version: 3.9.1}
        hosts:
          - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: h2, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """, null, "zk.yaml").inventory();
    Map<HostSpec, Fleet.Outcome<ZooKeeperNodeState>> nodes = new LinkedHashMap<>();
    List<HostSpec> hosts = inventory.zookeeperHosts();
    for (int i = 0; i < hosts.size(); i++) {
      nodes.put(hosts.get(i), answers[i]);
    }
    return nodes;
  }
}
