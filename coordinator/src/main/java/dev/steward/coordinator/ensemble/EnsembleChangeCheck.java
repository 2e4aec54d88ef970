package dev.steward.coordinator.ensemble;

import dev.steward.common.inventory.Inventory;
import java.util.Optional;

/**
 * What apply and plan say about an inventory whose ZooKeeper members differ from the running
 * ensemble's, before anything is touched. Bad input (an id taken, two members leaving, an even
 * ensemble not accepted) is refused with the planner's message. A valid change is shown step by
 * step, and still refused: apply does not run membership steps on hosts yet (the executor runs
 * them against real ensembles in tests; the agents' side is not wired), and rendering the new
 * member list everywhere at once is what must never happen (docs/scaling.md).
 */
public final class EnsembleChangeCheck {

  private EnsembleChangeCheck() {
  }

  /** Empty when the members are as the inventory says (or nothing runs yet). */
  public static Optional<String> refusal(EnsembleConfig running, Inventory inventory, boolean allowEvenEnsemble) {
    // whether the members already run with reconfig cannot be read from outside; the plan
    // therefore always shows the (idempotent) enabling step first
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running, WantedMembers.of(inventory), false,
        allowEvenEnsemble);
    if (plan.refusal().isPresent()) {
      return Optional.of("zookeeper: " + plan.refusal().get());
    }
    if (!plan.changesMembers()) {
      return Optional.empty();
    }
    return Optional.of("zookeeper: the inventory changes the ensemble's voting members from " + running.ids()
        + " to " + WantedMembers.of(inventory).stream().map(EnsembleMember::id).toList()
        + ". These are the steps, one member at a time:\n" + plan.describe().stripTrailing().indent(2)
        + "apply does not run them on hosts yet (docs/scaling.md); nothing was changed. Keep the hosts' "
        + "zookeeperId entries as the ensemble runs until it does");
  }
}
