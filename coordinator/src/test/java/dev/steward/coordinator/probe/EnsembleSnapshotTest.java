package dev.steward.coordinator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnsembleSnapshotTest {

  private static ZooKeeperNodeState follower(String host, int id) {
    return new ZooKeeperNodeState(host, id, true, "follower", Map.of(), "");
  }

  private static ZooKeeperNodeState leader(String host, int id, int synced, int pending) {
    return new ZooKeeperNodeState(host, id, true, "leader",
        Map.of("zk_synced_followers", Integer.toString(synced), "zk_pending_syncs", Integer.toString(pending)), "");
  }

  @Test
  void leaderWithEveryFollowerSyncedIsFullySynced() {
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(follower("h1", 1), leader("h2", 2, 2, 0), follower("h3", 3)));

    assertThat(snapshot.hasQuorum()).isTrue();
    assertThat(snapshot.fullySynced()).isTrue();
    assertThat(snapshot.leader()).map(ZooKeeperNodeState::host).contains("h2");
    assertThat(snapshot.describe()).isEqualTo("h1=follower h2=leader(synced 2/2) h3=follower");
  }

  @Test
  void oneNodeDownKeepsQuorumButIsNotFullySynced() {
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(
        ZooKeeperNodeState.unreachable("h1", 1, "connection refused"), leader("h2", 2, 1, 0), follower("h3", 3)));

    assertThat(snapshot.hasQuorum()).isTrue();
    assertThat(snapshot.fullySynced()).isFalse();
  }

  @Test
  void followerServingButNotYetSyncedIsNotFullySynced() {
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(follower("h1", 1), leader("h2", 2, 1, 0), follower("h3", 3)));

    assertThat(snapshot.fullySynced()).isFalse();
  }

  @Test
  void pendingSyncsOnTheLeaderAreNotFullySynced() {
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(follower("h1", 1), leader("h2", 2, 2, 1), follower("h3", 3)));

    assertThat(snapshot.fullySynced()).isFalse();
  }

  /** A cluster built by hand keeps ZooKeeper's default whitelist (srvr only) until Steward's roll reaches the leader. */
  @Test
  void leaderRefusingMntrWithEveryFollowerServingIsFullySynced() {
    ZooKeeperNodeState leader = new ZooKeeperNodeState("h2", 2, true, "leader", Map.of(), "", true);
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(follower("h1", 1), leader, follower("h3", 3)));

    assertThat(snapshot.fullySynced()).isTrue();
    assertThat(snapshot.describe()).isEqualTo("h1=follower h2=leader(mntr not in 4lw.commands.whitelist) h3=follower");
  }

  @Test
  void leaderRefusingMntrWithAFollowerNotServingIsNotFullySynced() {
    ZooKeeperNodeState leader = new ZooKeeperNodeState("h2", 2, true, "leader", Map.of(), "", true);
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(
        new ZooKeeperNodeState("h1", 1, true, "", Map.of(), "This ZooKeeper instance is not currently serving requests"),
        leader, follower("h3", 3)));

    assertThat(snapshot.fullySynced()).isFalse();
  }

  @Test
  void leaderWhoseMntrDidNotAnswerIsNotFullySynced() {
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(follower("h1", 1),
        new ZooKeeperNodeState("h2", 2, true, "leader", Map.of(), ""), follower("h3", 3)));

    assertThat(snapshot.fullySynced()).as("only a refusal by the whitelist falls back to srvr").isFalse();
  }

  @Test
  void noLeaderMeansNoQuorum() {
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(
        new ZooKeeperNodeState("h1", 1, true, "", Map.of(), "This ZooKeeper instance is not currently serving requests"),
        ZooKeeperNodeState.unreachable("h2", 2, "refused"), ZooKeeperNodeState.unreachable("h3", 3, "refused")));

    assertThat(snapshot.hasQuorum()).isFalse();
    assertThat(snapshot.leader()).isEmpty();
  }

  @Test
  void twoLeadersAreNeverGuessedBetween() {
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(leader("h1", 1, 1, 0), leader("h2", 2, 1, 0), follower("h3", 3)));

    assertThat(snapshot.leader()).isEmpty();
    assertThat(snapshot.hasQuorum()).isFalse();
    assertThat(snapshot.fullySynced()).isFalse();
  }

  @Test
  void minorityServingIsNoQuorum() {
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(leader("h1", 1, 0, 0),
        ZooKeeperNodeState.unreachable("h2", 2, "refused"), ZooKeeperNodeState.unreachable("h3", 3, "refused")));

    assertThat(snapshot.hasQuorum()).isFalse();
  }

  @Test
  void singleStandaloneNodeIsItsOwnQuorum() {
    EnsembleSnapshot snapshot = new EnsembleSnapshot(List.of(
        new ZooKeeperNodeState("h1", 1, true, "standalone", Map.of(), "")));

    assertThat(snapshot.hasQuorum()).isTrue();
    assertThat(snapshot.fullySynced()).isTrue();
  }
}
