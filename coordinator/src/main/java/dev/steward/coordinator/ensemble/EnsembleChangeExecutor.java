package dev.steward.coordinator.ensemble;

import dev.steward.coordinator.gate.Gate;
import dev.steward.coordinator.gate.GateTimeoutException;
import dev.steward.coordinator.progress.Progress;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs an {@link EnsembleChangePlan}'s membership steps, one member at a time, each behind a gate:
 * a new member is committed only once the leader counts it as a synced (non-voting) follower, and
 * the next step starts only once every voter runs with the new configuration. Before each step the
 * membership is read again and must be what the plan expected, so a plan never runs over a change
 * someone else made.
 */
public final class EnsembleChangeExecutor {

  /** Steps this executor does not do itself: enabling reconfig and rolling the brokers. */
  public interface RolloutSteps {
    void enableReconfig(List<EnsembleMember> members) throws IOException;

    void rollBrokers(List<EnsembleMember> members) throws IOException;
  }

  private final EnsembleHosts hosts;
  private final EnsembleAdmin admin;
  private final RolloutSteps rollouts;
  private final Gate gate;
  private final Duration stepTimeout;
  private final Progress progress;

  public EnsembleChangeExecutor(EnsembleHosts hosts, EnsembleAdmin admin, RolloutSteps rollouts, Gate gate,
      Duration stepTimeout, Progress progress) {
    this.hosts = hosts;
    this.admin = admin;
    this.rollouts = rollouts;
    this.gate = gate;
    this.stepTimeout = stepTimeout;
    this.progress = progress;
  }

  public void run(EnsembleChangePlan plan) throws IOException, GateTimeoutException, InterruptedException {
    if (plan.refusal().isPresent()) {
      throw new IllegalArgumentException("a refused plan cannot run: " + plan.refusal().get());
    }
    for (MembershipStep step : plan.steps()) {
      progress.info("zookeeper: " + step.describe());
      if (step instanceof MembershipStep.EnableReconfig enable) {
        rollouts.enableReconfig(enable.membersAfter());
      } else if (step instanceof MembershipStep.AddMember add) {
        add(add);
      } else if (step instanceof MembershipStep.RemoveMember remove) {
        remove(remove);
      } else if (step instanceof MembershipStep.RollBrokers roll) {
        rollouts.rollBrokers(roll.membersAfter());
      }
    }
  }

  private void add(MembershipStep.AddMember step) throws IOException, GateTimeoutException, InterruptedException {
    EnsembleConfig before = expect(step.membersBefore());
    hosts.start(step.member(), step.membersAfter());
    // reconfig -add of a member that has not synced would count a vote that cannot yet vote. The
    // leader's count alone is not enough: the member itself must serve as a follower, which it does
    // only once the leader's UPTODATE ended its sync, so the commit never races that sync
    EnsembleMember leader = gate.await(step.member().serverKey() + " synced with the leader",
        () -> syncedJoiner(step.member(), step.membersBefore()), Optional::isPresent,
        found -> "not yet following, or the leader counts no synced non-voting follower", stepTimeout,
        progress).get();
    progress.info("zookeeper: " + step.member().serverKey() + " follows " + leader.serverKey() + " and is synced");
    EnsembleConfig after = admin.add(step.member(), before);
    awaitVersionEverywhere(step.membersAfter(), after.version());
  }

  private void remove(MembershipStep.RemoveMember step)
      throws IOException, GateTimeoutException, InterruptedException {
    EnsembleConfig before = expect(step.membersBefore());
    EnsembleConfig after = admin.remove(step.member(), before);
    awaitVersionEverywhere(step.membersAfter(), after.version());
    // stopped only now: until the removal committed, the others still counted on its vote
    hosts.stop(step.member());
  }

  /** The membership as ZooKeeper holds it, which must be the one the step was planned from. */
  private EnsembleConfig expect(List<EnsembleMember> members) throws IOException {
    EnsembleConfig config = admin.config();
    List<Integer> expected = members.stream().map(EnsembleMember::id).sorted().toList();
    if (!config.ids().equals(expected)) {
      throw new IOException("the ensemble's voters are " + config.ids() + ", the plan expected " + expected
          + ": someone else changed the membership; plan again");
    }
    return config;
  }

  /** The leader, once {@code joiner} serves as a follower and the leader counts it synced. */
  private Optional<EnsembleMember> syncedJoiner(EnsembleMember joiner, List<EnsembleMember> voters) {
    Optional<String> joinerMode = hosts.ask(joiner, "srvr").map(MemberAnswers::mode);
    if (!joinerMode.equals(Optional.of("follower"))) {
      return Optional.empty();
    }
    for (EnsembleMember voter : voters) {
      Optional<String> srvr = hosts.ask(voter, "srvr");
      if (srvr.isPresent() && "leader".equals(MemberAnswers.mode(srvr.get()))) {
        Map<String, String> mntr = hosts.ask(voter, "mntr").map(MemberAnswers::monitor).orElse(Map.of());
        long synced = parse(mntr.get("zk_synced_non_voting_followers"));
        return synced >= 1 && parse(mntr.get("zk_pending_syncs")) <= 0 ? Optional.of(voter) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private void awaitVersionEverywhere(List<EnsembleMember> members, String version)
      throws GateTimeoutException, InterruptedException {
    gate.await("configuration " + version + " on every member", () -> behind(members, version), List::isEmpty,
        lagging -> "not yet on " + lagging.stream().map(EnsembleMember::serverKey).collect(Collectors.joining(", ")),
        stepTimeout, progress);
  }

  private List<EnsembleMember> behind(List<EnsembleMember> members, String version) {
    return members.stream()
        .filter(m -> !hosts.ask(m, "conf").flatMap(MemberAnswers::configVersion).map(version::equals).orElse(false))
        .toList();
  }

  private static long parse(String value) {
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
