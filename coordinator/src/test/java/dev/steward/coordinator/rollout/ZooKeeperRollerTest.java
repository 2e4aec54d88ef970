package dev.steward.coordinator.rollout;

import static dev.steward.coordinator.rollout.ClusterScenario.threeHosts;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ZooKeeper order and when to wait or stop (docs/rollouts.md rules 4, 6, 7). */
class ZooKeeperRollerTest {

  @Test
  void followersFirstInIdOrder() {
    RollDecision decision = threeHosts().withZooKeeperLeader("h1").nextZooKeeperNode("h1", "h2", "h3");

    assertThat(decision).isEqualTo(new RollDecision.Restart("h2", "follower (leader is h1)"));
  }

  @Test
  void leaderLastWhenOnlyItRemains() {
    RollDecision decision = threeHosts().withZooKeeperLeader("h1").nextZooKeeperNode("h1");

    assertThat(decision).isInstanceOf(RollDecision.Restart.class);
    assertThat(((RollDecision.Restart) decision).host()).isEqualTo("h1");
  }

  @Test
  void leaderMovedMidRollIsRediscovered() {
    // h2 was the leader when the roll began; after h1 restarted, h3 leads. h2 is now a follower
    // and must go before h3.
    RollDecision decision = threeHosts().withZooKeeperLeader("h3").nextZooKeeperNode("h2", "h3");

    assertThat(((RollDecision.Restart) decision).host()).isEqualTo("h2");
  }

  @Test
  void noZkLeaderStops() {
    ClusterScenario cluster = threeHosts().withoutZooKeeperLeader().zooKeeperNodeDown("h3");

    assertThat(cluster.nextZooKeeperNode("h1", "h2", "h3")).isInstanceOf(RollDecision.Stop.class);
  }

  @Test
  void twoLeadersStop() {
    ClusterScenario split = threeHosts().zooKeeperLeaders("h1", "h2");

    assertThat(split.nextZooKeeperNode("h3")).isInstanceOf(RollDecision.Stop.class);
  }

  @Test
  void followerNotYetSyncedWaits() {
    ClusterScenario catchingUp = threeHosts().withZooKeeperLeader("h1").zooKeeperSyncedFollowers(1);

    RollDecision decision = catchingUp.nextZooKeeperNode("h3", "h1");

    assertThat(decision).isInstanceOf(RollDecision.Wait.class);
    assertThat(((RollDecision.Wait) decision).reason()).contains("synced 1/2");
  }

  @Test
  void anotherNodeDownWaitsEvenWithQuorum() {
    ClusterScenario oneDown = threeHosts().withZooKeeperLeader("h1").zooKeeperNodeDown("h3");

    assertThat(oneDown.nextZooKeeperNode("h2")).isInstanceOf(RollDecision.Wait.class);
  }

  @Test
  void nothingRemainingIsDone() {
    assertThat(threeHosts().nextZooKeeperNode()).isInstanceOf(RollDecision.Done.class);
  }

  @Test
  void anEnsembleThatCannotBeObservedWaitsNamingWhy() {
    ClusterScenario unobservable = threeHosts().ensembleProbeFails("no agent answered srvr");

    RollDecision decision = unobservable.next("zookeeper", "h1", "h2", "h3");

    assertThat(decision).isEqualTo(new RollDecision.Wait("cannot observe the cluster: no agent answered srvr"));
  }
}
