package dev.steward.coordinator.rollout;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ZooKeeper members a rollout was planned with, and the inventory its resume must use. A
 * membership change's first part rolls the members as they run with an inventory narrowed to them
 * (docs/scaling.md); resumed with the operator's whole inventory, the rollout's ZooKeeper gate would
 * wait for members that part 2 has not started yet, and halt again.
 */
public final class MembersAsPlanned {

  private MembersAsPlanned() {
  }

  /** Member ids by host address, in id order: what a new rollout records. */
  public static Map<String, Integer> of(Inventory inventory) {
    Map<String, Integer> members = new LinkedHashMap<>();
    for (HostSpec host : inventory.zookeeperHosts()) {
      members.put(host.address(), host.zookeeperId().getAsInt());
    }
    return members;
  }

  /**
   * The inventory to resume {@code state} with: {@code given} narrowed to the members the rollout
   * was planned with, when they differ from the ones {@code given} names; empty to use
   * {@code given} as it is (the same members, or a journal that recorded none).
   */
  public static Optional<Inventory> inventoryToResume(Inventory given, RolloutState state) {
    Map<String, Integer> planned = state.zookeeperMembers();
    if (planned.isEmpty() || planned.equals(of(given))) {
      return Optional.empty();
    }
    return Optional.of(given.withZooKeeperMembers(planned));
  }

  /** "1 (10.0.0.1), 2 (10.0.0.2)": for the line resume prints. */
  public static String describe(Map<String, Integer> members) {
    return members.entrySet().stream().map(e -> e.getValue() + " (" + e.getKey() + ")")
        .collect(Collectors.joining(", "));
  }
}
