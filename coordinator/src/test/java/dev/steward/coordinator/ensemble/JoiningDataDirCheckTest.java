package dev.steward.coordinator.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JoiningDataDirCheckTest {

  private static final String MYID = "/var/lib/zookeeper/myid";

  @Test
  void joiningHostWithAnotherMembersMyIdIsRefused() {
    var refused = JoiningDataDirCheck.decide(List.of(
        new JoiningDataDir("z4", MYID, 4, new JoiningDataDir.HoldsId(9)),
        new JoiningDataDir("z5", MYID, 5, new JoiningDataDir.NoMyId())));

    assertThat(refused).get().extracting(EnsembleChangeCheck.Refused::message).asString()
        .startsWith("zookeeper: hosts[z4]: /var/lib/zookeeper/myid on z4 holds id 9, but the inventory adds z4 to "
            + "the ensemble as zookeeperId 4")
        .contains("holds another ensemble member's data")
        .contains("Move the old data aside on z4 by hand")
        .contains("Steward never deletes data")
        .doesNotContain("z5")
        .endsWith("nothing was changed");
  }

  @Test
  void joiningHostWhoseMyIdIsNoIdIsRefused() {
    var refused = JoiningDataDirCheck.decide(List.of(
        new JoiningDataDir("z4", MYID, 4, new JoiningDataDir.Unreadable("it exists but does not hold a ZooKeeper id"))));

    assertThat(refused).get().extracting(EnsembleChangeCheck.Refused::message).asString()
        .startsWith("zookeeper: hosts[z4]: /var/lib/zookeeper/myid on z4 is there but holds no ZooKeeper id")
        .contains("it exists but does not hold a ZooKeeper id")
        .contains("zookeeperId 4")
        .endsWith("nothing was changed");
  }

  @Test
  void everyJoiningHostThatDisagreesIsNamedInOneRefusal() {
    var refused = JoiningDataDirCheck.decide(List.of(
        new JoiningDataDir("z4", MYID, 4, new JoiningDataDir.HoldsId(9)),
        new JoiningDataDir("z5", MYID, 5, new JoiningDataDir.HoldsId(1))));

    assertThat(refused).get().extracting(EnsembleChangeCheck.Refused::message).asString()
        .contains("hosts[z4]: " + MYID + " on z4 holds id 9")
        .contains("\nhosts[z5]: " + MYID + " on z5 holds id 1");
  }

  @Test
  void retriedJoinWithItsOwnMyIdProceeds() {
    assertThat(JoiningDataDirCheck.decide(List.of(
        new JoiningDataDir("z4", MYID, 4, new JoiningDataDir.HoldsId(4))))).isEmpty();
  }

  @Test
  void joiningHostWithoutMyIdProceeds() {
    assertThat(JoiningDataDirCheck.decide(List.of(
        new JoiningDataDir("z4", MYID, 4, new JoiningDataDir.NoMyId()),
        new JoiningDataDir("z5", MYID, 5, new JoiningDataDir.NoMyId())))).isEmpty();
  }

  @Test
  void aChangeAddingNoMemberProceeds() {
    assertThat(JoiningDataDirCheck.decide(List.of())).isEmpty();
  }
}
