package dev.steward.coordinator.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.ensemble.MembershipStep.AddMember;
import dev.steward.coordinator.ensemble.MembershipStep.EnableReconfig;
import dev.steward.coordinator.ensemble.MembershipStep.RemoveMember;
import dev.steward.coordinator.ensemble.MembershipStep.RollBrokers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EnsembleChangePlannerTest {

  @Test
  void growingThreeToFiveAddsOneMemberAtATimeInIdOrderThenRollsTheBrokers() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3), wanted(1, 2, 3, 4, 5), true, false);

    assertThat(plan.refusal()).isEmpty();
    assertThat(plan.steps()).hasSize(3);
    assertThat(plan.steps().get(0)).isInstanceOfSatisfying(AddMember.class, add -> {
      assertThat(add.member().id()).isEqualTo(4);
      assertThat(ids(add.membersBefore())).containsExactly(1, 2, 3);
    });
    assertThat(plan.steps().get(1)).isInstanceOfSatisfying(AddMember.class, add -> {
      assertThat(add.member().id()).isEqualTo(5);
      assertThat(ids(add.membersBefore())).containsExactly(1, 2, 3, 4);
    });
    assertThat(plan.steps().get(2)).isInstanceOf(RollBrokers.class);
    assertThat(ids(plan.steps().get(2).membersAfter())).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void everyStepChangesExactlyOneVoterSoOldAndNewMajoritiesIntersect() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3), wanted(1, 2, 3, 4, 5, 6, 7), true, false);

    List<Integer> before = List.of(1, 2, 3);
    for (MembershipStep step : plan.steps()) {
      List<Integer> after = ids(step.membersAfter());
      int changed = symmetricDifference(before, after);
      assertThat(changed).as(step.describe()).isLessThanOrEqualTo(1);
      // any majority of the old voters and any of the new share a member: two quorums cannot both form
      int union = before.size() + after.size() - (int) before.stream().filter(after::contains).count();
      assertThat(before.size() / 2 + 1 + after.size() / 2 + 1).as(step.describe()).isGreaterThan(union);
      before = after;
    }
    assertThat(before).containsExactly(1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void anEnsembleStartedWithoutReconfigIsFirstRestartedWithIt() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3), wanted(1, 2, 3, 4, 5), false, false);

    assertThat(plan.steps().get(0)).isInstanceOf(EnableReconfig.class);
    assertThat(plan.steps().get(0).describe()).contains("reconfigEnabled=true").contains("standaloneEnabled=false")
        .contains("one at a time");
    assertThat(plan.steps().get(1)).isInstanceOf(AddMember.class);
  }

  @Test
  void shrinkingFiveToFourRemovesOneMemberWhenTheEvenCountIsAccepted() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3, 4, 5), wanted(1, 2, 3, 4), true, true);

    assertThat(plan.refusal()).isEmpty();
    assertThat(plan.steps().get(0)).isInstanceOfSatisfying(RemoveMember.class, remove -> {
      assertThat(remove.member().id()).isEqualTo(5);
      assertThat(ids(remove.membersAfter())).containsExactly(1, 2, 3, 4);
    });
    assertThat(plan.steps().get(0).describe()).contains("reconfig -remove").contains("then stop it");
    assertThat(plan.steps().get(1)).isInstanceOf(RollBrokers.class);
  }

  @Test
  void leavingAnEvenEnsembleIsRefusedUnlessAccepted() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3, 4, 5), wanted(1, 2, 3, 4), true, false);

    assertThat(plan.steps()).isEmpty();
    assertThat(plan.refusal()).get().asString().startsWith("hosts:").contains("4 voting members, an even number")
        .contains("--allow-unsafe-ensemble").contains("nothing was changed");
  }

  @Test
  void passingThroughFourOnTheWayToFiveNeedsNoAcceptance() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3), wanted(1, 2, 3, 4, 5), true, false);

    assertThat(plan.refusal()).isEmpty();
    assertThat(plan.steps().get(0).membersAfter()).hasSize(4);
  }

  @Test
  void removingTwoMembersInOneApplyIsRefusedNamingBoth() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3, 4, 5), wanted(1, 2, 3), true, true);

    assertThat(plan.steps()).isEmpty();
    assertThat(plan.refusal()).get().asString()
        .startsWith("hosts: server.4 (10.0.0.4) and server.5 (10.0.0.5) would leave")
        .contains("one per apply").contains("zookeeperId 5").contains("nothing was changed");
  }

  @Test
  void aNewHostWhoseIdAnotherAddressHoldsIsRefused() {
    List<EnsembleMember> wanted = new ArrayList<>(wanted(1, 3));
    wanted.add(member(2, "h9", "10.0.0.9"));

    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3), wanted, true, false);

    assertThat(plan.steps()).isEmpty();
    assertThat(plan.refusal()).get().asString()
        .startsWith("hosts[h9].zookeeperId: 2 is taken: the running ensemble's server.2 is 10.0.0.2, not h9 (10.0.0.9)")
        .contains("the running ensemble uses 1, 2, 3; e.g. 4").contains("nothing was changed");
  }

  @Test
  void aNewHostTakingAnObserversIdIsRefused() {
    EnsembleConfig withObserver = EnsembleConfig.parse(configText(1, 2, 3)
        + "server.4=10.0.0.4:2888:3888:observer;2181\n");
    List<EnsembleMember> wanted = new ArrayList<>(wanted(1, 2, 3));
    wanted.add(member(4, "h4", "10.0.0.40"));
    wanted.add(member(5, "h5", "10.0.0.5"));

    EnsembleChangePlan plan = EnsembleChangePlanner.plan(withObserver, wanted, true, false);

    assertThat(plan.refusal()).get().asString().startsWith("hosts[h4].zookeeperId: 4 is taken by an observer")
        .contains("e.g. 5");
  }

  @Test
  void changingAMembersPortsIsRefused() {
    List<EnsembleMember> wanted = List.of(member(1, "h1", "10.0.0.1"), member(2, "h2", "10.0.0.2"),
        new EnsembleMember(3, "h3", "10.0.0.3", 2889, 3888, "2181"));

    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3), wanted, true, false);

    assertThat(plan.refusal()).get().asString().startsWith("zookeeper.peerPort/electionPort")
        .contains("2888:3888").contains("2889:3888");
  }

  @Test
  void replacingAHostAddsTheNewMemberBeforeRemovingTheOld() {
    List<EnsembleMember> wanted = List.of(member(1, "h1", "10.0.0.1"), member(2, "h2", "10.0.0.2"),
        member(4, "h4", "10.0.0.4"));

    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3), wanted, true, false);

    assertThat(plan.steps()).hasSize(3);
    assertThat(plan.steps().get(0)).isInstanceOf(AddMember.class);
    assertThat(plan.steps().get(1)).isInstanceOfSatisfying(RemoveMember.class,
        remove -> assertThat(remove.member().id()).isEqualTo(3));
    assertThat(plan.steps().stream().mapToInt(s -> s.membersAfter().size()).min().getAsInt()).isEqualTo(3);
  }

  @Test
  void theSameMembersGiveNoSteps() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3), wanted(1, 2, 3), false, false);

    assertThat(plan.steps()).isEmpty();
    assertThat(plan.refusal()).isEmpty();
    assertThat(plan.changesMembers()).isFalse();
  }

  @Test
  void nothingRunningYetIsAFirstDeployWithNoSteps() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(EnsembleConfig.parse(""), wanted(1, 2, 3, 4, 5), false,
        false);

    assertThat(plan.steps()).isEmpty();
    assertThat(plan.refusal()).isEmpty();
  }

  @Test
  void thePlanNamesTheInventorysHostsInItsSteps() {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running(1, 2, 3), wanted(1, 2, 3, 4, 5), true, false);

    assertThat(plan.describe())
        .contains("1. add server.4 (h4, 10.0.0.4): start it with the 3 current members")
        .contains("2. add server.5 (h5, 10.0.0.5)").contains("(4 -> 5 voters)")
        .contains("3. re-render the brokers' zookeeper.connect for h1, h2, h3, h4, h5");
  }

  @Test
  void parsesTheConfigZooKeeperServes() {
    EnsembleConfig config = EnsembleConfig.parse("server.1=127.0.11.1:2888:3888:participant;127.0.11.1:2181\n"
        + "server.3=[::1]:2890:3890:participant;2181\nserver.2=h2:2888:3888\nversion=100000003\n");

    assertThat(config.ids()).containsExactly(1, 2, 3);
    assertThat(config.versionNumber()).isEqualTo(0x100000003L);
    assertThat(config.member(3).get().address()).isEqualTo("::1");
    assertThat(config.member(3).get().serverSpec()).isEqualTo("[::1]:2890:3890:participant;2181");
    assertThat(config.member(1).get().configLine())
        .isEqualTo("server.1=127.0.11.1:2888:3888:participant;127.0.11.1:2181");
    assertThat(config.member(2).get().client()).isEmpty();
  }

  private static int symmetricDifference(List<Integer> a, List<Integer> b) {
    return (int) (a.stream().filter(x -> !b.contains(x)).count() + b.stream().filter(x -> !a.contains(x)).count());
  }

  private static List<Integer> ids(List<EnsembleMember> members) {
    return members.stream().map(EnsembleMember::id).toList();
  }

  private static EnsembleConfig running(int... ids) {
    return EnsembleConfig.parse(configText(ids) + "version=100000000\n");
  }

  private static String configText(int... ids) {
    StringBuilder text = new StringBuilder();
    for (int id : ids) {
      text.append("server.").append(id).append("=10.0.0.").append(id).append(":2888:3888:participant;2181\n");
    }
    return text.toString();
  }

  private static List<EnsembleMember> wanted(int... ids) {
    return IntStream.of(ids).mapToObj(id -> member(id, "h" + id, "10.0.0." + id)).toList();
  }

  private static EnsembleMember member(int id, String name, String address) {
    return new EnsembleMember(id, name, address, 2888, 3888, "2181");
  }
}
