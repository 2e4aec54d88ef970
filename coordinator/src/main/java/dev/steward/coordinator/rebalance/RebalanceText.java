package dev.steward.coordinator.rebalance;

import dev.steward.coordinator.status.Bytes;
import dev.steward.coordinator.status.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** A plan as text (the dry run, and before a run) and as JSON-ready maps. */
public final class RebalanceText {

  private RebalanceText() {
  }

  public static String plan(RebalancePlan plan) {
    StringBuilder out = new StringBuilder();
    if (plan.empty()) {
      out.append(plan.kind()).append(": nothing to move, the placement is already as planned\n");
    } else {
      long copying = plan.moves().stream().filter(m -> !m.leaderOnly()).count();
      out.append(plan.kind()).append(": ").append(plan.moves().size()).append(" partition")
          .append(plan.moves().size() == 1 ? "" : "s").append(" to reassign (").append(copying)
          .append(" copying data, about ").append(Bytes.format(plan.bytes())).append("; ")
          .append(plan.moves().size() - copying).append(" only changing the preferred leader)\n");
      List<List<String>> rows = new ArrayList<>();
      for (Move move : plan.moves()) {
        rows.add(List.of(move.partition().toString(), move.from().toString(), move.to().toString(),
            move.leaderOnly() ? "leader only" : Bytes.format(move.bytes())));
      }
      out.append(TextTable.render(List.of("PARTITION", "REPLICAS NOW", "AFTER", "COPIES"), rows));
    }
    out.append(spread(plan.replicasBefore(), plan.replicasAfter(), plan.leadersBefore(), plan.leadersAfter()));
    return out.toString();
  }

  /** Replicas and preferred leaders per broker, before and after. */
  public static String spread(SortedMap<Integer, Integer> replicasBefore, SortedMap<Integer, Integer> replicasAfter,
      SortedMap<Integer, Integer> leadersBefore, SortedMap<Integer, Integer> leadersAfter) {
    List<List<String>> rows = new ArrayList<>();
    for (Integer broker : replicasAfter.keySet()) {
      rows.add(List.of(String.valueOf(broker), String.valueOf(replicasBefore.getOrDefault(broker, 0)),
          String.valueOf(replicasAfter.get(broker)), String.valueOf(leadersBefore.getOrDefault(broker, 0)),
          String.valueOf(leadersAfter.getOrDefault(broker, 0))));
    }
    return TextTable.render(List.of("BROKER", "REPLICAS NOW", "AFTER", "LEADERS NOW", "AFTER"), rows);
  }

  /** Replicas and preferred leaders per live broker (and any other broker still named by a replica). */
  public static String placement(ReplicaPlacement placement) {
    java.util.Set<Integer> brokers = new java.util.TreeSet<>(placement.brokers().keySet());
    brokers.addAll(placement.brokersHoldingReplicas());
    SortedMap<Integer, Integer> replicas = ReplicaPlacement.replicaCounts(placement.replicas(), brokers);
    SortedMap<Integer, Integer> leaders = ReplicaPlacement.leaderCounts(placement.replicas(), brokers);
    List<List<String>> rows = new ArrayList<>();
    for (Integer broker : brokers) {
      rows.add(List.of(String.valueOf(broker), placement.rack(broker).orElse("-"),
          String.valueOf(replicas.get(broker)), String.valueOf(leaders.get(broker))));
    }
    return TextTable.render(List.of("BROKER", "RACK", "REPLICAS", "LEADERS"), rows);
  }

  public static Map<String, Object> json(RebalancePlan plan) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", plan.kind());
    List<Map<String, Object>> moves = new ArrayList<>();
    for (Move move : plan.moves()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("topic", move.partition().topic());
      m.put("partition", move.partition().partition());
      m.put("from", move.from());
      m.put("to", move.to());
      m.put("bytes", move.bytes());
      moves.add(m);
    }
    json.put("moves", moves);
    json.put("bytes", plan.bytes());
    Map<String, Object> brokers = new LinkedHashMap<>();
    for (Integer broker : plan.brokers()) {
      brokers.put(String.valueOf(broker), Map.of(
          "replicasBefore", plan.replicasBefore().getOrDefault(broker, 0),
          "replicasAfter", plan.replicasAfter().getOrDefault(broker, 0),
          "leadersBefore", plan.leadersBefore().getOrDefault(broker, 0),
          "leadersAfter", plan.leadersAfter().getOrDefault(broker, 0)));
    }
    json.put("brokers", brokers);
    return json;
  }

  public static String progress(ReassignmentExecutor.Progress p) {
    return p.partitionsDone() + "/" + p.partitions() + " partitions done, " + Bytes.format(p.bytesMoved()) + " of "
        + Bytes.format(p.bytes()) + " moved, " + p.inFlight() + " in flight";
  }
}
