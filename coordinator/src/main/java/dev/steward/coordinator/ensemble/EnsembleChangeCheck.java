package dev.steward.coordinator.ensemble;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What apply and plan do with an inventory whose ZooKeeper members differ from the running
 * ensemble's, decided before anything is touched: nothing to do, a refusal (bad input: an id
 * taken, two members leaving, an even ensemble not accepted, members changed without dynamic
 * membership, a leaving member whose host the inventory no longer names), or the change with its
 * steps and the inventory apply converges first (docs/scaling.md).
 */
public final class EnsembleChangeCheck {

  /** The outcome. */
  public sealed interface Decision {
  }

  /** The running voters are the inventory's. */
  public record Unchanged() implements Decision {
  }

  /** Bad input: nothing may be touched; the message names the field and the fix. */
  public record Refused(String message) implements Decision {
  }

  /**
   * A valid change.
   *
   * @param interim the inventory with the members as they run (a leaving one included): apply
   *     converges it first (the enabling roll, when the members do not run with reconfig yet), so
   *     that no new member is started with the end state's membership
   */
  public record Change(EnsembleChangePlan plan, Inventory interim, String description) implements Decision {
  }

  private EnsembleChangeCheck() {
  }

  public static Decision decide(EnsembleConfig running, Inventory inventory, boolean allowEvenEnsemble) {
    List<EnsembleMember> wanted = WantedMembers.of(inventory);
    // whether the members already run with reconfig is not readable from outside; the plan shows
    // the enabling step, which the interim apply makes a no-op when they do
    EnsembleChangePlan plan = EnsembleChangePlanner.plan(running, wanted, false, allowEvenEnsemble);
    if (plan.refusal().isPresent()) {
      return new Refused("zookeeper: " + plan.refusal().get());
    }
    if (!plan.changesMembers()) {
      return new Unchanged();
    }
    if (!inventory.zookeeper().dynamicMembership()) {
      return new Refused("zookeeper.dynamicMembership: the inventory changes the ensemble's voting members from "
          + running.ids() + " to " + ids(wanted) + ", which needs ZooKeeper's dynamic reconfiguration. First set "
          + "zookeeper.dynamicMembership: true with the members as they run (" + running.ids() + ") and apply: "
          + "it restarts them one at a time. Then change the members in a second apply; nothing was changed");
    }
    Set<Integer> wantedIds = wanted.stream().map(EnsembleMember::id).collect(Collectors.toSet());
    for (EnsembleMember leaving : running.members()) {
      if (!wantedIds.contains(leaving.id())
          && inventory.hosts().stream().map(HostSpec::address).noneMatch(leaving.address()::equals)) {
        return new Refused("hosts: " + leaving.describe() + " leaves the ensemble, but no host of the inventory has "
            + "address " + leaving.address() + ", so its agent cannot stop it after the reconfig. Keep the host in "
            + "hosts without its zookeeperId for this apply, and remove it in a later one; nothing was changed");
      }
    }
    return new Change(plan, inventory.withZooKeeperMembers(byAddress(running.members())),
        "zookeeper: the inventory changes the ensemble's voting members from " + running.ids() + " to "
            + ids(wanted) + ". apply runs these steps, one member at a time:\n"
            + plan.describe().stripTrailing().indent(2).stripTrailing());
  }

  /** The refusal's or the change's message; empty when nothing changes. */
  public static Optional<String> message(Decision decision) {
    if (decision instanceof Refused refused) {
      return Optional.of(refused.message());
    }
    if (decision instanceof Change change) {
      return Optional.of(change.description());
    }
    return Optional.empty();
  }

  /** Member ids by address: what {@link Inventory#withZooKeeperMembers} takes. */
  static java.util.Map<String, Integer> byAddress(List<EnsembleMember> members) {
    java.util.Map<String, Integer> ids = new java.util.LinkedHashMap<>();
    members.forEach(m -> ids.put(m.address(), m.id()));
    return ids;
  }

  private static List<Integer> ids(List<EnsembleMember> members) {
    return members.stream().map(EnsembleMember::id).toList();
  }
}
