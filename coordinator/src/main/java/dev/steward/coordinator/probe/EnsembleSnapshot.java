package dev.steward.coordinator.probe;

import java.util.List;
import java.util.Optional;

/** Every ZooKeeper node's answer at one moment; decisions about the ensemble read only this. */
public record EnsembleSnapshot(List<ZooKeeperNodeState> nodes) {

  public EnsembleSnapshot {
    nodes = List.copyOf(nodes);
  }

  public List<ZooKeeperNodeState> leaders() {
    return nodes.stream().filter(ZooKeeperNodeState::isLeader).toList();
  }

  /** The one leader; empty when there is none, or more than one (which must never be guessed at). */
  public Optional<ZooKeeperNodeState> leader() {
    List<ZooKeeperNodeState> leaders = leaders();
    return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
  }

  public long servingCount() {
    return nodes.stream().filter(ZooKeeperNodeState::serving).count();
  }

  /** A majority of nodes serve under a single leader: clients (brokers) can work. */
  public boolean hasQuorum() {
    if (nodes.size() == 1) {
      return nodes.get(0).serving();
    }
    return leader().isPresent() && servingCount() > nodes.size() / 2;
  }

  /**
   * The whole ensemble is healthy: every node serves, there is exactly one leader, and the
   * leader reports every follower synced with no sync pending. This is the bar before
   * Kafka starts and before the next ZooKeeper node may be restarted. A leader that refuses mntr
   * (a cluster built by hand keeps ZooKeeper's default whitelist, srvr only, until Steward's roll
   * adds mntr, leader last) cannot report it: then every follower serving is the bar, because a
   * follower serves only once it has synced with the leader; what is lost is the leader's count
   * of syncs still pending, which a follower that serves has already finished.
   */
  public boolean fullySynced() {
    if (nodes.size() == 1) {
      return nodes.get(0).serving();
    }
    if (servingCount() != nodes.size()) {
      return false;
    }
    return leader().map(leader -> leader.monitorRefused()
        || leader.monitorValue("zk_synced_followers").orElse(-1) == nodes.size() - 1
            && leader.monitorValue("zk_pending_syncs").orElse(0) == 0)
        .orElse(false);
  }

  /** One line for logs and gate messages, e.g. "h1=follower h2=leader(synced 2/2) h3=down". */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (ZooKeeperNodeState node : nodes) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(node.host()).append('=');
      if (!node.reachable()) {
        text.append("down");
      } else if (node.isLeader() && node.monitorRefused()) {
        text.append("leader(mntr not in 4lw.commands.whitelist)");
      } else if (node.isLeader()) {
        text.append("leader(synced ").append(node.monitorValue("zk_synced_followers").orElse(-1))
            .append('/').append(nodes.size() - 1).append(')');
      } else {
        text.append(node.mode().isEmpty() ? "not-serving" : node.mode());
      }
    }
    return text.toString();
  }
}
