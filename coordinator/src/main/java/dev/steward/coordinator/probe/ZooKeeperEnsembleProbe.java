package dev.steward.coordinator.probe;

import dev.steward.agent.v1.FourLetterWord;
import dev.steward.agent.v1.ProbeZooKeeperResponse;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.zookeeper.FourLetterWordParser;
import dev.steward.coordinator.agent.Fleet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks every ZooKeeper node, through the agent on its host, for {@code srvr} (and {@code mntr}
 * on the leader). The agents ask locally, so this works even when the ZooKeeper client port is
 * firewalled from the coordinator.
 */
public final class ZooKeeperEnsembleProbe {

  private final Inventory inventory;
  private final Fleet fleet;

  public ZooKeeperEnsembleProbe(Inventory inventory, Fleet fleet) {
    this.inventory = inventory;
    this.fleet = fleet;
  }

  public EnsembleSnapshot snapshot() {
    List<HostSpec> hosts = inventory.zookeeperHosts();
    return of(fleet.readEach(hosts, agent -> {
      HostSpec host = inventory.host(agent.host()).orElseThrow();
      return probe(host);
    }));
  }

  /** The ensemble from each node's probe; a node whose agent did not answer counts as unreachable. */
  public static EnsembleSnapshot of(Map<HostSpec, Fleet.Outcome<ZooKeeperNodeState>> answers) {
    List<ZooKeeperNodeState> nodes = new ArrayList<>();
    answers.forEach((host, outcome) -> nodes.add(outcome.ok() ? outcome.value()
        : ZooKeeperNodeState.unreachable(host.name(), host.zookeeperId().getAsInt(), outcome.errorMessage())));
    return new EnsembleSnapshot(nodes);
  }

  public ZooKeeperNodeState probe(HostSpec host) {
    int port = inventory.zookeeper().clientPort();
    int id = host.zookeeperId().orElse(0);
    ProbeZooKeeperResponse srvr = fleet.agent(host).probeZooKeeper(host.address(), port, FourLetterWord.FOUR_LETTER_WORD_SRVR);
    if (!srvr.getReachable()) {
      return ZooKeeperNodeState.unreachable(host.name(), id, srvr.getError());
    }
    Map<String, String> monitor = Map.of();
    boolean monitorRefused = false;
    if ("leader".equals(srvr.getMode())) {
      ProbeZooKeeperResponse mntr = fleet.agent(host).probeZooKeeper(host.address(), port, FourLetterWord.FOUR_LETTER_WORD_MNTR);
      monitor = mntr.getValuesMap();
      monitorRefused = mntr.getReachable() && FourLetterWordParser.refusedByWhitelist(mntr.getRaw());
    }
    return new ZooKeeperNodeState(host.name(), id, true, srvr.getMode(), monitor, srvr.getError(), monitorRefused);
  }
}
