package dev.steward.coordinator.rebalance;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rule `apply` follows before it deploys, pure: a broker that still holds replicas may not
 * leave the inventory (its partitions would lose a copy for good, and with RF 1 their data).
 * A broker some replica names but the inventory does not list is refused with the drain to run.
 */
public final class RemovedBrokers {

  private RemovedBrokers() {
  }

  /**
   * @param inventoryFile shown in the command to run
   * @return the refusal, when a broker outside {@code inventoryBrokers} holds replicas
   */
  public static Optional<String> refusal(ReplicaPlacement placement, Set<Integer> inventoryBrokers,
      String inventoryFile) {
    Map<Integer, Integer> held = new TreeMap<>();
    Map<Integer, Set<String>> topics = new TreeMap<>();
    placement.replicas().forEach((tp, replicas) -> replicas.forEach(b -> {
      if (!inventoryBrokers.contains(b)) {
        held.merge(b, 1, Integer::sum);
        topics.computeIfAbsent(b, x -> new TreeSet<>()).add(tp.topic());
      }
    }));
    if (held.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder message = new StringBuilder();
    held.forEach((broker, count) -> message.append(message.length() == 0 ? "" : "\n")
        .append("hosts: broker ").append(broker).append(" is not in the inventory but still holds ").append(count)
        .append(count == 1 ? " replica" : " replicas").append(" (topics: ").append(String.join(", ", topics.get(broker)))
        .append("); removing it would lose them. Move them first: steward hosts drain -i ").append(inventoryFile)
        .append(" --broker-id ").append(broker).append(" (or drain its host by name with the inventory that still "
            + "lists it), then apply again; nothing was changed"));
    return Optional.of(message.toString());
  }
}
