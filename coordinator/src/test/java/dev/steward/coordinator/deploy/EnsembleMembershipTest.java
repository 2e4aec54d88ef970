package dev.steward.coordinator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnsembleMembershipTest {

  @Test
  void growingARunningEnsembleFromThreeToFiveIsRefused() {
    EnsembleSnapshot running = ensemble(3, "zk_quorum_size", "3");
    running = withNewHosts(running, "h4", "h5");

    assertThat(EnsembleMembership.unsupportedChange(running, 5)).get().asString()
        .contains("names 5 ZooKeeper hosts")
        .contains("has 3 voting members (its leader, h2, says so)")
        .contains("nothing was changed")
        .contains("docs/scaling.md");
  }

  @Test
  void shrinkingARunningEnsembleIsRefused() {
    assertThat(EnsembleMembership.unsupportedChange(ensemble(3, "zk_quorum_size", "5"), 3)).get().asString()
        .contains("names 3 ZooKeeper hosts").contains("has 5 voting members");
  }

  @Test
  void theSameMembersPass() {
    assertThat(EnsembleMembership.unsupportedChange(ensemble(3, "zk_quorum_size", "3"), 3)).isEmpty();
  }

  @Test
  void aFirstDeployHasNoRunningEnsembleToChange() {
    EnsembleSnapshot nothingYet = new EnsembleSnapshot(List.of(
        ZooKeeperNodeState.unreachable("h1", 1, "connection refused"),
        ZooKeeperNodeState.unreachable("h2", 2, "connection refused"),
        ZooKeeperNodeState.unreachable("h3", 3, "connection refused")));

    assertThat(EnsembleMembership.unsupportedChange(nothingYet, 3)).isEmpty();
  }

  @Test
  void aLeaderThatDoesNotSayItsQuorumSizeIsNotGuessedAt() {
    assertThat(EnsembleMembership.unsupportedChange(ensemble(3, "zk_synced_followers", "2"), 5)).isEmpty();
  }

  @Test
  void growingAStandaloneNodeIntoAnEnsembleIsRefused() {
    EnsembleSnapshot standalone = new EnsembleSnapshot(List.of(
        new ZooKeeperNodeState("h1", 1, true, "standalone", Map.of(), ""),
        ZooKeeperNodeState.unreachable("h2", 2, "connection refused"),
        ZooKeeperNodeState.unreachable("h3", 3, "connection refused")));

    assertThat(EnsembleMembership.unsupportedChange(standalone, 3)).get().asString()
        .contains("h1 runs ZooKeeper standalone");
    assertThat(EnsembleMembership.unsupportedChange(new EnsembleSnapshot(standalone.nodes().subList(0, 1)), 1))
        .isEmpty();
  }

  /** h1..hN, h2 the leader reporting {@code monitor}. */
  private static EnsembleSnapshot ensemble(int members, String key, String value) {
    List<ZooKeeperNodeState> nodes = new ArrayList<>();
    for (int id = 1; id <= members; id++) {
      boolean leader = id == 2;
      nodes.add(new ZooKeeperNodeState("h" + id, id, true, leader ? "leader" : "follower",
          leader ? Map.of(key, value) : Map.of(), ""));
    }
    return new EnsembleSnapshot(nodes);
  }

  private static EnsembleSnapshot withNewHosts(EnsembleSnapshot running, String... hosts) {
    List<ZooKeeperNodeState> nodes = new ArrayList<>(running.nodes());
    for (String host : hosts) {
      nodes.add(ZooKeeperNodeState.unreachable(host, nodes.size() + 1, "connection refused"));
    }
    return new EnsembleSnapshot(nodes);
  }
}
