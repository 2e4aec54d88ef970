package dev.steward.coordinator.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One step of an ensemble change, in the order {@link EnsembleChangePlanner} puts them. */
public sealed interface MembershipStep {

  /** The voting members once this step is done. */
  List<EnsembleMember> membersAfter();

  /** One line for {@code plan}. */
  String describe();

  /**
   * Once per ensemble: every member restarted (one at a time, through the rollout engine) with
   * reconfigEnabled=true, standaloneEnabled=false and Steward's superuser digest, so that reconfig
   * can be called at all.
   */
  record EnableReconfig(List<EnsembleMember> membersAfter) implements MembershipStep {
    public EnableReconfig {
      membersAfter = List.copyOf(membersAfter);
    }

    @Override
    public String describe() {
      return "enable dynamic reconfiguration, unless the members run with it already: render reconfigEnabled=true, "
          + "standaloneEnabled=false and Steward's superuser digest, then restart the " + membersAfter.size()
          + " members one at a time";
    }
  }

  /**
   * Starts {@code member} knowing the current members and itself, waits until the leader counts
   * it as a synced follower, then commits it as a voter with {@code reconfig -add}.
   */
  record AddMember(EnsembleMember member, List<EnsembleMember> membersBefore) implements MembershipStep {
    public AddMember {
      membersBefore = List.copyOf(membersBefore);
    }

    @Override
    public List<EnsembleMember> membersAfter() {
      List<EnsembleMember> after = new ArrayList<>(membersBefore);
      after.add(member);
      return List.copyOf(after);
    }

    @Override
    public String describe() {
      return "add " + member.describe() + ": start it with the " + membersBefore.size()
          + " current members, wait until the leader counts it synced, reconfig -add it as a participant ("
          + membersBefore.size() + " -> " + (membersBefore.size() + 1) + " voters)";
    }
  }

  /**
   * Commits the member's departure with {@code reconfig -remove} first (the others stop counting
   * on it), and only then stops it; its data stays on its host.
   */
  record RemoveMember(EnsembleMember member, List<EnsembleMember> membersBefore) implements MembershipStep {
    public RemoveMember {
      membersBefore = List.copyOf(membersBefore);
    }

    @Override
    public List<EnsembleMember> membersAfter() {
      return membersBefore.stream().filter(m -> m.id() != member.id()).toList();
    }

    @Override
    public String describe() {
      return "remove " + member.describe() + ": reconfig -remove it (" + membersBefore.size() + " -> "
          + (membersBefore.size() - 1) + " voters), wait for the new configuration on the others, then stop it "
          + "(its data is kept)";
    }
  }

  /** The brokers' zookeeper.connect follows the new membership, through a rolling restart. */
  record RollBrokers(List<EnsembleMember> membersAfter) implements MembershipStep {
    public RollBrokers {
      membersAfter = List.copyOf(membersAfter);
    }

    @Override
    public String describe() {
      return "re-render the brokers' zookeeper.connect for " + membersAfter.stream().map(EnsembleMember::name)
          .collect(Collectors.joining(", ")) + " and roll them (the rolling restart)";
    }
  }
}
