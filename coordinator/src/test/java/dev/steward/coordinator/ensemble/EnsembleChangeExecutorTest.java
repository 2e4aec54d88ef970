package dev.steward.coordinator.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.coordinator.gate.Gate;
import dev.steward.coordinator.gate.GateTimeoutException;
import dev.steward.coordinator.progress.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor against real ZooKeeper servers with reconfig on, under a writer and a leader
 * watcher: 3 -> 5 -> 7 -> 3, one member per step, nothing acknowledged lost, never two leaders.
 */
class EnsembleChangeExecutorTest {

  /** The members run with its digest, as Steward's would. */
  static final ZooKeeperSuperuser SUPERUSER = new ZooKeeperSuperuser("steward", "test-only-superuser");

  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path root;

  private ZooKeeperProcesses ensemble;
  private final List<EnsembleMember> members = new ArrayList<>();
  private final List<List<EnsembleMember>> brokerRolls = new ArrayList<>();

  @BeforeEach
  void startThreeMembers() throws Exception {
    ensemble = new ZooKeeperProcesses(root, SUPERUSER);
    members.addAll(ensemble.newMembers(7));
    List<EnsembleMember> first = members.subList(0, 3);
    for (EnsembleMember member : first) {
      ensemble.start(member, first);
    }
    new Gate(Duration.ofMillis(100)).await("quorum of three", () -> leaderSynced(first), Boolean::booleanValue,
        synced -> "not yet", STEP_TIMEOUT, Progress.silent());
  }

  @AfterEach
  void stopAll() throws IOException {
    ensemble.close();
  }

  @Test
  void growsThreeToFiveToSevenAndShrinksBackToThreeOneMemberAtATimeUnderWrites() throws Exception {
    try (EnsembleAdmin admin = connect(SUPERUSER);
        ZnodeWriter writer = ZnodeWriter.start(ensemble.connectString(members.subList(0, 3)));
        LeaderWatcher watcher = LeaderWatcher.start(ensemble)) {
      EnsembleChangeExecutor executor = executor(admin, STEP_TIMEOUT);

      changeTo(admin, executor, 5, false);
      assertThat(admin.config().ids()).containsExactly(1, 2, 3, 4, 5);
      changeTo(admin, executor, 7, false);
      assertThat(admin.config().ids()).containsExactly(1, 2, 3, 4, 5, 6, 7);

      // straight back to three would take two members out in one run: refused, nothing touched
      EnsembleChangePlan tooFast = EnsembleChangePlanner.plan(admin.config(), wanted(3), true, true);
      assertThat(tooFast.refusal()).get().asString().contains("one per apply");

      for (int size = 6; size >= 3; size--) {
        changeTo(admin, executor, size, size % 2 == 0);
        assertThat(admin.config().ids()).hasSize(size);
        assertThat(ensemble.isRunning(size + 1)).as("server.%d stopped after its removal", size + 1).isFalse();
      }
      assertThat(admin.config().ids()).containsExactly(1, 2, 3);
      assertThat(brokerRolls).extracting(List::size).containsExactly(5, 7, 6, 5, 4, 3);

      writer.stopAndAwait();
      assertThat(writer.acknowledged()).as("writes acknowledged during the changes").isGreaterThan(50);
      assertThat(writer.missing()).as("acknowledged writes missing afterwards").isEmpty();
      watcher.stopAndAwait();
      System.out.println("ensemble 3 -> 5 -> 7 -> 3: " + writer.acknowledged() + " writes acknowledged, 0 lost; "
          + watcher.sweeps() + " leader sweeps, leaders in turn " + watcher.leaderChanges());
      assertThat(watcher.sweepsWithTwoLeaders()).as("sweeps where two members led the same epoch").isEmpty();
      assertThat(watcher.handovers()).as("no leader removed here, so no handover either").isEmpty();
      assertThat(watcher.sweeps()).isGreaterThan(20);
    }
  }

  @Test
  void removingTheLeaderHandsLeadershipOverWithoutTwoLeadersOrLostWrites() throws Exception {
    try (EnsembleAdmin admin = connect(SUPERUSER);
        ZnodeWriter writer = ZnodeWriter.start(ensemble.connectString(members.subList(0, 4)));
        LeaderWatcher watcher = LeaderWatcher.start(ensemble)) {
      EnsembleChangeExecutor executor = executor(admin, STEP_TIMEOUT);
      changeTo(admin, executor, 4, true);
      EnsembleMember leader = ensemble.runningMembers().stream()
          .filter(m -> ensemble.ask(m, "srvr").map(MemberAnswers::mode).orElse("").equals("leader"))
          .findFirst().orElseThrow();
      List<EnsembleMember> others = members.subList(0, 4).stream().filter(m -> m.id() != leader.id()).toList();

      EnsembleChangePlan plan = EnsembleChangePlanner.plan(admin.config(), others, true, false);
      assertThat(plan.steps().get(0)).isInstanceOfSatisfying(MembershipStep.RemoveMember.class,
          remove -> assertThat(remove.member().id()).isEqualTo(leader.id()));
      executor.run(plan);

      assertThat(admin.config().ids()).doesNotContain(leader.id()).hasSize(3);
      assertThat(ensemble.isRunning(leader.id())).isFalse();
      writer.stopAndAwait();
      assertThat(writer.missing()).as("acknowledged writes missing afterwards").isEmpty();
      watcher.stopAndAwait();
      System.out.println("leader " + leader.serverKey() + " removed: " + writer.acknowledged()
          + " writes acknowledged, 0 lost; leaders (server@epoch) in turn " + watcher.leaderChanges()
          + ", handovers seen " + watcher.handovers());
      assertThat(watcher.leaderChanges()).as("a new leader took over").last().asString()
          .doesNotStartWith(leader.serverKey() + "@");
      assertThat(watcher.sweepsWithTwoLeaders()).as("sweeps where two members led the same epoch").isEmpty();
      // the only overlap allowed: the removed leader answering in its old epoch as it steps down
      assertThat(watcher.handovers()).allSatisfy(handover -> assertThat(handover).contains(leader.serverKey() + "@"));
    }
  }

  @Test
  void aMemberThatNeverSyncsIsNeverCommitted() throws Exception {
    EnsembleHosts neverStarts = new EnsembleHosts() {
      @Override
      public void start(EnsembleMember member, List<EnsembleMember> joinWith) {
        // the host "started" it, but it never joins: a crash loop, a firewall
      }

      @Override
      public void stop(EnsembleMember member) throws IOException {
        ensemble.stop(member);
      }

      @Override
      public Optional<String> ask(EnsembleMember member, String word) {
        return ensemble.ask(member, word);
      }
    };
    try (EnsembleAdmin admin = connect(SUPERUSER)) {
      EnsembleChangeExecutor executor = new EnsembleChangeExecutor(neverStarts, admin, rollouts(),
          new Gate(Duration.ofMillis(100)), Duration.ofSeconds(3), Progress.silent());
      EnsembleChangePlan plan = EnsembleChangePlanner.plan(admin.config(), wanted(5), true, false);

      assertThatThrownBy(() -> executor.run(plan)).isInstanceOf(GateTimeoutException.class)
          .hasMessageContaining("server.4 synced with the leader");
      // ZooKeeper itself would have accepted it (three of four voters are up): the gate is what refused
      assertThat(admin.config().ids()).containsExactly(1, 2, 3);
      assertThat(brokerRolls).isEmpty();
    }
  }

  @Test
  void aChangeByAnyoneButTheSuperuserIsRefusedByZooKeeper() throws Exception {
    ensemble.start(members.get(3), members.subList(0, 4));
    try (EnsembleAdmin stranger = connect(new ZooKeeperSuperuser("steward", "not-the-password"))) {
      EnsembleConfig config = stranger.config();
      assertThatThrownBy(() -> stranger.add(members.get(3), config)).isInstanceOf(IOException.class)
          .hasMessageContaining("ZooKeeper refused Steward's superuser");
      assertThat(stranger.config().ids()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void aPlanMadeFromAnOlderMembershipIsNotRunOverANewerOne() throws Exception {
    try (EnsembleAdmin admin = connect(SUPERUSER)) {
      EnsembleConfig three = admin.config();
      ensemble.start(members.get(3), members.subList(0, 4));
      new Gate(Duration.ofMillis(100)).await("server.4 synced",
          () -> ensemble.ask(members.get(3), "srvr").map(MemberAnswers::mode).orElse("").equals("follower")
              && nonVotingSynced(members.subList(0, 3)),
          Boolean::booleanValue, synced -> "not yet", STEP_TIMEOUT, Progress.silent());
      EnsembleConfig four = admin.add(members.get(3), three);

      assertThat(four.ids()).containsExactly(1, 2, 3, 4);
      assertThat(four.versionNumber()).isGreaterThan(three.versionNumber());
      assertThatThrownBy(() -> admin.remove(members.get(3), three)).isInstanceOf(IOException.class)
          .hasMessageContaining("changed since it was read");
      assertThat(admin.config().ids()).containsExactly(1, 2, 3, 4);
    }
  }

  private void changeTo(EnsembleAdmin admin, EnsembleChangeExecutor executor, int size, boolean allowEven)
      throws Exception {
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(admin.config(), wanted(size), true, allowEven);
    assertThat(plan.refusal()).as("plan to %d members", size).isEmpty();
    try {
      executor.run(plan);
    } catch (GateTimeoutException e) {
      // what each member says, for whoever reads a failed run
      for (EnsembleMember member : ensemble.runningMembers()) {
        System.out.println(member.serverKey() + " conf: " + ensemble.ask(member, "conf").orElse("no answer"));
        System.out.println(member.serverKey() + " log tail:\n" + ensemble.logTail(member, 150));
      }
      throw e;
    }
    List<String> versions = ensemble.runningMembers().stream()
        .map(m -> ensemble.ask(m, "conf").flatMap(MemberAnswers::configVersion).orElse("?")).distinct().toList();
    assertThat(versions).as("configuration versions on the running members").containsExactly(admin.config().version());
  }

  private EnsembleChangeExecutor executor(EnsembleAdmin admin, Duration timeout) {
    return new EnsembleChangeExecutor(ensemble, admin, rollouts(), new Gate(Duration.ofMillis(100)), timeout,
        Progress.silent());
  }

  private EnsembleChangeExecutor.RolloutSteps rollouts() {
    return new EnsembleChangeExecutor.RolloutSteps() {
      @Override
      public void enableReconfig(List<EnsembleMember> of) {
        throw new AssertionError("the test ensemble runs with reconfig already");
      }

      @Override
      public void rollBrokers(List<EnsembleMember> of) {
        brokerRolls.add(of);
      }
    };
  }

  private List<EnsembleMember> wanted(int size) {
    return IntStream.range(0, size).mapToObj(members::get).toList();
  }

  private EnsembleAdmin connect(ZooKeeperSuperuser superuser) throws IOException {
    return EnsembleAdmin.connect(ensemble.connectString(members.subList(0, 3)), superuser, Duration.ofSeconds(30));
  }

  private boolean leaderSynced(List<EnsembleMember> of) {
    for (EnsembleMember member : of) {
      Optional<String> srvr = ensemble.ask(member, "srvr");
      if (srvr.isPresent() && MemberAnswers.mode(srvr.get()).equals("leader")) {
        return ensemble.ask(member, "mntr").map(MemberAnswers::monitor)
            .map(m -> String.valueOf(of.size() - 1).equals(m.get("zk_synced_followers"))).orElse(false);
      }
    }
    return false;
  }

  private boolean nonVotingSynced(List<EnsembleMember> of) {
    for (EnsembleMember member : of) {
      Optional<String> srvr = ensemble.ask(member, "srvr");
      if (srvr.isPresent() && MemberAnswers.mode(srvr.get()).equals("leader")) {
        return ensemble.ask(member, "mntr").map(MemberAnswers::monitor)
            .map(m -> "1".equals(m.get("zk_synced_non_voting_followers"))).orElse(false);
      }
    }
    return false;
  }
}
