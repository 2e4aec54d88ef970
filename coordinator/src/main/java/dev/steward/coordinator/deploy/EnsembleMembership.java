package dev.steward.coordinator.deploy;

import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether an inventory asks a running ZooKeeper ensemble for other voting members. apply would
 * render the new server list everywhere and restart the members one by one: with two members
 * added at once, the new ones and one restarted old one can elect a leader of the new list while
 * two old ones still lead the old list (docs/scaling.md). Until apply runs the step-by-step change
 * ({@code coordinator.ensemble}), such an inventory is refused before anything is touched. The
 * commands check first, with the running membership itself ({@code ClusterSession.refuseEnsembleChange});
 * this count from the leader's mntr stays as the deployer's own guard.
 */
public final class EnsembleMembership {

  /** mntr's count of voting members in the leader's configuration (ZooKeeper 3.6 and later). */
  static final String QUORUM_SIZE = "zk_quorum_size";

  private EnsembleMembership() {
  }

  /**
   * Why the inventory's {@code wantedMembers} cannot be applied to the ensemble as it runs, or
   * empty. An ensemble with no leader and no standalone node (never deployed, or down) tells
   * nothing, and neither does a leader that does not report its quorum size: neither is guessed at.
   */
  public static Optional<String> unsupportedChange(EnsembleSnapshot running, int wantedMembers) {
    for (ZooKeeperNodeState node : running.nodes()) {
      if (node.reachable() && "standalone".equals(node.mode()) && wantedMembers > 1) {
        return Optional.of(refusal(node.host() + " runs ZooKeeper standalone (one member)", wantedMembers));
      }
    }
    Optional<ZooKeeperNodeState> leader = running.leader();
    if (leader.isEmpty()) {
      return Optional.empty();
    }
    OptionalLong members = leader.get().monitorValue(QUORUM_SIZE);
    if (members.isEmpty() || members.getAsLong() == wantedMembers) {
      return Optional.empty();
    }
    return Optional.of(refusal("the running ensemble has " + members.getAsLong() + " voting members (its leader, "
        + leader.get().host() + ", says so)", wantedMembers));
  }

  private static String refusal(String running, int wantedMembers) {
    return "the inventory names " + wantedMembers + " ZooKeeper host" + (wantedMembers == 1 ? "" : "s") + " but "
        + running + ": nothing was changed. Steward cannot yet change a running ensemble's members safely "
        + "(docs/scaling.md); keep the hosts' zookeeperId entries as the ensemble runs (a new host can join "
        + "as a broker without one)";
  }
}
