package dev.steward.coordinator.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the hosts a membership change adds may join with the data dirs they have: decided
 * before anything is touched, because the agent refuses a myid that disagrees only when the
 * change starts the member, after the first part of apply has already rolled the ensemble
 * (docs/scaling.md). A myid that disagrees belongs to another member's data, and ZooKeeper would
 * run the host as that member; a myid equal to the host's id is a change run again.
 */
public final class JoiningDataDirCheck {

  private JoiningDataDirCheck() {
  }

  /** A refusal naming each joining host whose data dir holds another id or no readable one; empty when all may join. */
  public static Optional<EnsembleChangeCheck.Refused> decide(List<JoiningDataDir> joining) {
    List<String> problems = new ArrayList<>();
    for (JoiningDataDir dir : joining) {
      if (dir.found() instanceof JoiningDataDir.HoldsId holds && holds.id() != dir.zookeeperId()) {
        problems.add("hosts[" + dir.host() + "]: " + dir.myIdPath() + " on " + dir.host() + " holds id " + holds.id()
            + ", but the inventory adds " + dir.host() + " to the ensemble as zookeeperId " + dir.zookeeperId()
            + ": this data dir holds another ensemble member's data, and ZooKeeper would start there as server."
            + holds.id() + ". Move the old data aside on " + dir.host() + " by hand (the whole data dir, myid and "
            + "version-2), or install the host afresh, then run the command again; Steward never deletes data");
      } else if (dir.found() instanceof JoiningDataDir.Unreadable unreadable) {
        problems.add("hosts[" + dir.host() + "]: " + dir.myIdPath() + " on " + dir.host() + " is there but holds "
            + "no ZooKeeper id (the agent says: " + unreadable.why() + "), so the data dir may hold another "
            + "member's data, and the inventory adds " + dir.host() + " as zookeeperId " + dir.zookeeperId()
            + ". Check what it is and move it aside on " + dir.host() + " by hand, then run the command again; "
            + "Steward never deletes data");
      }
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new EnsembleChangeCheck.Refused("zookeeper: " + String.join("\n", problems)
        + "\nnothing was changed"));
  }
}
