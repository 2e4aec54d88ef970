package dev.steward.coordinator.ensemble;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides how to take a running ensemble to the inventory's members, from plain values only:
 * the membership ZooKeeper holds ({@link EnsembleConfig}, read from {@code /zookeeper/config})
 * and the members the inventory wants.
 *
 * <p>Each step changes one voter, and each reconfig commits with a quorum of the old and of the
 * new configuration, so at most one quorum can ever form. Members are added before any is
 * removed: replacing a host never leaves fewer voters than there were. An even count of voters is
 * passed through (3 -> 4 -> 5) but never left unless the operator accepted it
 * ({@code --allow-unsafe-ensemble}). One member may leave per apply, so each departure is its
 * own, checked run (docs/scaling.md).
 */
public final class EnsembleChangePlanner {

  private EnsembleChangePlanner() {
  }

  /**
   * @param running the membership ZooKeeper holds; no members means nothing runs yet (a first
   *     deploy, which apply does as usual)
   * @param wanted the inventory's ZooKeeper hosts, named by host
   * @param reconfigEnabled whether the running members were started with reconfigEnabled=true
   * @param allowEvenEnsemble the operator accepted an even count of voters
   */
  public static EnsembleChangePlan plan(EnsembleConfig running, List<EnsembleMember> wanted, boolean reconfigEnabled,
      boolean allowEvenEnsemble) {
    if (running.members().isEmpty()) {
      return EnsembleChangePlan.of(List.of());
    }
    Map<Integer, EnsembleMember> runningById = byId(running.members());
    Map<Integer, EnsembleMember> wantedById = byId(wanted);
    for (EnsembleMember member : sorted(wanted)) {
      String refusal = conflictWithRunning(member, runningById.get(member.id()), running);
      if (refusal != null) {
        return EnsembleChangePlan.refused(refusal);
      }
    }
    List<EnsembleMember> added = sorted(wanted).stream().filter(m -> !runningById.containsKey(m.id())).toList();
    List<EnsembleMember> removed = running.members().stream().filter(m -> !wantedById.containsKey(m.id())).toList();
    if (added.isEmpty() && removed.isEmpty()) {
      return EnsembleChangePlan.of(List.of());
    }
    if (removed.size() > 1) {
      return EnsembleChangePlan.refused(twoLeaving(removed));
    }
    if (wanted.size() % 2 == 0 && !allowEvenEnsemble) {
      return EnsembleChangePlan.refused("hosts: the ensemble would be left with " + wanted.size()
          + " voting members, an even number, which tolerates no more failures than " + (wanted.size() - 1)
          + " would. Give one more (or one fewer) host a zookeeperId, or accept it with --allow-unsafe-ensemble; "
          + "nothing was changed");
    }
    List<MembershipStep> steps = new ArrayList<>();
    List<EnsembleMember> current = new ArrayList<>(named(running.members(), wanted));
    if (!reconfigEnabled) {
      steps.add(new MembershipStep.EnableReconfig(current));
    }
    for (EnsembleMember member : added) {
      steps.add(new MembershipStep.AddMember(member, current));
      current.add(member);
    }
    for (EnsembleMember member : removed) {
      steps.add(new MembershipStep.RemoveMember(member, current));
      current.removeIf(m -> m.id() == member.id());
    }
    steps.add(new MembershipStep.RollBrokers(current));
    return EnsembleChangePlan.of(steps);
  }

  /**
   * A wanted member whose id the running ensemble gives to another address (or to an observer),
   * or whose ports differ: reconfig would silently move that vote, so it is refused.
   */
  private static String conflictWithRunning(EnsembleMember member, EnsembleMember runningMember,
      EnsembleConfig running) {
    if (running.observers().contains(member.id())) {
      return "hosts[" + member.name() + "].zookeeperId: " + member.id() + " is taken by an observer of the running "
          + "ensemble; give " + member.name() + " an unused zookeeperId (" + freeIdHint(running) + "); nothing was "
          + "changed";
    }
    if (runningMember == null) {
      return null;
    }
    if (!runningMember.address().equals(member.address())) {
      return "hosts[" + member.name() + "].zookeeperId: " + member.id() + " is taken: the running ensemble's "
          + runningMember.serverKey() + " is " + runningMember.address() + ", not " + member.name() + " ("
          + member.address() + "). Give " + member.name() + " an unused zookeeperId (" + freeIdHint(running)
          + "); a member changes host only by adding the new one and removing the old one in two applies; "
          + "nothing was changed";
    }
    if (runningMember.peerPort() != member.peerPort() || runningMember.electionPort() != member.electionPort()) {
      return "zookeeper.peerPort/electionPort: the running ensemble's " + runningMember.serverKey() + " uses "
          + runningMember.peerPort() + ":" + runningMember.electionPort() + ", the inventory says "
          + member.peerPort() + ":" + member.electionPort() + ". Steward does not move a running member's ports; "
          + "put the ports back; nothing was changed";
    }
    return null;
  }

  private static String twoLeaving(List<EnsembleMember> removed) {
    EnsembleMember keep = removed.get(removed.size() - 1);
    return "hosts: " + removed.stream().map(m -> m.describe()).collect(Collectors.joining(" and "))
        + " would leave the ZooKeeper ensemble in one apply; members leave one per apply, so that each departure "
        + "is committed and checked before the next. Keep " + keep.address() + " in the inventory with zookeeperId "
        + keep.id() + " for now, apply, then remove it in a second apply (an even count in between needs "
        + "--allow-unsafe-ensemble); nothing was changed";
  }

  private static String freeIdHint(EnsembleConfig running) {
    int highest = running.members().stream().mapToInt(EnsembleMember::id).max().orElse(0);
    for (int observer : running.observers()) {
      highest = Math.max(highest, observer);
    }
    return "the running ensemble uses " + running.ids().stream().map(String::valueOf).collect(Collectors.joining(", "))
        + "; e.g. " + (highest + 1);
  }

  /** Running members under the inventory's host names where the inventory still lists them. */
  private static List<EnsembleMember> named(List<EnsembleMember> running, List<EnsembleMember> wanted) {
    Map<Integer, EnsembleMember> wantedById = byId(wanted);
    return running.stream()
        .map(m -> wantedById.containsKey(m.id()) ? m.named(wantedById.get(m.id()).name()) : m)
        .toList();
  }

  private static List<EnsembleMember> sorted(List<EnsembleMember> members) {
    return members.stream().sorted(Comparator.comparingInt(EnsembleMember::id)).toList();
  }

  private static Map<Integer, EnsembleMember> byId(List<EnsembleMember> members) {
    return members.stream().collect(Collectors.toMap(EnsembleMember::id, Function.identity(), (a, b) -> a));
  }
}
