package dev.steward.coordinator.status;

import dev.steward.common.inventory.HostSpec;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a ZooKeeper client could read anything, from what the agents on the ensemble's hosts
 * report. A node outside a quorum refuses clients, so once the agents report a majority of nodes
 * not serving, no client can read, and trying costs the client's whole connect timeout (10 s) for
 * an answer known in advance. A node whose agent did not answer is unknown, never down: it may
 * well be serving.
 */
final class ZooKeeperReadable {

  private ZooKeeperReadable() {
  }

  /** Why no client could read, or empty when one might. */
  static Optional<String> whyNot(Map<HostSpec, Fleet.Outcome<ZooKeeperNodeState>> nodes) {
    List<String> notServing = nodes.entrySet().stream()
        .filter(node -> node.getValue().ok() && !node.getValue().value().serving())
        .map(node -> node.getKey().name())
        .toList();
    if (nodes.isEmpty() || notServing.size() <= nodes.size() / 2) {
      return Optional.empty();
    }
    return Optional.of("no quorum: the agents report ZooKeeper not serving on " + String.join(", ", notServing));
  }
}
