package dev.steward.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ZooKeeperRollerTest {

  private static ZooKeeperNodeState follower(String host, int id) {
    return new ZooKeeperNodeState(host, id, true, "follower", Map.of(), "");
  }

  private static ZooKeeperNodeState leader(String host, int id, int synced) {
    return new ZooKeeperNodeState(host, id, true, "leader",
        Map.of("zk_synced_followers", Integer.toString(synced), "zk_pending_syncs", "0"), "");
  }

  private static EnsembleSnapshot healthy(String leaderHost) {
    return new EnsembleSnapshot(List.of(
        "h1".equals(leaderHost) ? leader("h1", 1, 2) : follower("h1", 1),
        "h2".equals(leaderHost) ? leader("h2", 2, 2) : follower("h2", 2),
        "h3".equals(leaderHost) ? leader("h3", 3, 2) : follower("h3", 3)));
  }

  @Test
  void followersFirstInIdOrder() {
    RollDecision decision = ZooKeeperRoller.next(healthy("h1"), Set.of("h1", "h2", "h3"));

    assertThat(decision).isEqualTo(new RollDecision.Restart("h2", "follower (leader is h1)"));
  }

  @Test
  void leaderLastWhenOnlyItRemains() {
    RollDecision decision = ZooKeeperRoller.next(healthy("h1"), Set.of("h1"));

    assertThat(decision).isInstanceOf(RollDecision.Restart.class);
    assertThat(((RollDecision.Restart) decision).host()).isEqualTo("h1");
  }

  @Test
  void leaderMovedMidRollIsRediscovered() {
    // h2 was the leader when the roll began; after h1 restarted, h3 leads. h2 is now a follower
    // and must go before h3.
    RollDecision decision = ZooKeeperRoller.next(healthy("h3"), Set.of("h2", "h3"));

    assertThat(((RollDecision.Restart) decision).host()).isEqualTo("h2");
  }

  @Test
  void noZkLeaderStops() {
    EnsembleSnapshot noLeader = new EnsembleSnapshot(List.of(follower("h1", 1), follower("h2", 2),
        ZooKeeperNodeState.unreachable("h3", 3, "refused")));

    assertThat(ZooKeeperRoller.next(noLeader, Set.of("h1", "h2", "h3"))).isInstanceOf(RollDecision.Stop.class);
  }

  @Test
  void twoLeadersStop() {
    EnsembleSnapshot split = new EnsembleSnapshot(List.of(leader("h1", 1, 1), leader("h2", 2, 1), follower("h3", 3)));

    assertThat(ZooKeeperRoller.next(split, Set.of("h3"))).isInstanceOf(RollDecision.Stop.class);
  }

  @Test
  void followerNotYetSyncedWaits() {
    EnsembleSnapshot catchingUp = new EnsembleSnapshot(List.of(leader("h1", 1, 1), follower("h2", 2), follower("h3", 3)));

    RollDecision decision = ZooKeeperRoller.next(catchingUp, Set.of("h3", "h1"));

    assertThat(decision).isInstanceOf(RollDecision.Wait.class);
    assertThat(((RollDecision.Wait) decision).reason()).contains("synced 1/2");
  }

  @Test
  void anotherNodeDownWaitsEvenWithQuorum() {
    EnsembleSnapshot oneDown = new EnsembleSnapshot(List.of(leader("h1", 1, 1), follower("h2", 2),
        ZooKeeperNodeState.unreachable("h3", 3, "refused")));

    assertThat(ZooKeeperRoller.next(oneDown, Set.of("h2"))).isInstanceOf(RollDecision.Wait.class);
  }

  @Test
  void nothingRemainingIsDone() {
    assertThat(ZooKeeperRoller.next(healthy("h1"), Set.of())).isInstanceOf(RollDecision.Done.class);
  }
}
