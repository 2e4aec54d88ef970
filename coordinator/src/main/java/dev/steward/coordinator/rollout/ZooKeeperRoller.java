package dev.steward.coordinator.rollout;

import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the next ZooKeeper node to restart (docs/rollouts.md rules 4, 6, 7). The leader is found
 * afresh from every snapshot, because it can move whenever a node restarts: followers go
 * first, one at a time, and the leader last, so the ensemble holds one election rather than
 * one per restart. A node is only restarted while the whole ensemble is fully synced.
 */
public final class ZooKeeperRoller {

  private ZooKeeperRoller() {
  }

  /**
   * @param remaining hosts (by name) still to restart
   */
  public static RollDecision next(EnsembleSnapshot ensemble, Set<String> remaining) {
    if (remaining.isEmpty()) {
      return new RollDecision.Done();
    }
    if (ensemble.nodes().size() == 1) {
      ZooKeeperNodeState only = ensemble.nodes().get(0);
      return new RollDecision.Restart(only.host(), "single-node ensemble: there is no quorum to keep");
    }
    if (ensemble.leaders().size() > 1) {
      return new RollDecision.Stop("more than one ZooKeeper node claims to be leader (" + ensemble.describe()
          + "); refusing to guess which is real");
    }
    Optional<ZooKeeperNodeState> leader = ensemble.leader();
    if (leader.isEmpty()) {
      return new RollDecision.Stop("no ZooKeeper leader (" + ensemble.describe() + "); restarting any node now "
          + "could only make it worse. Fix the ensemble, then resume");
    }
    if (!ensemble.fullySynced()) {
      return new RollDecision.Wait("ensemble not fully synced (" + ensemble.describe()
          + "): no node is restarted while another is down or catching up");
    }
    Optional<ZooKeeperNodeState> follower = ensemble.nodes().stream()
        .filter(node -> !node.isLeader() && remaining.contains(node.host()))
        .min(Comparator.comparingInt(ZooKeeperNodeState::id));
    if (follower.isPresent()) {
      return new RollDecision.Restart(follower.get().host(), "follower (leader is " + leader.get().host() + ")");
    }
    if (remaining.contains(leader.get().host())) {
      return new RollDecision.Restart(leader.get().host(), "leader, last: every follower is done");
    }
    return new RollDecision.Done();
  }
}
