package dev.steward.coordinator.rebalance;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A replication throttle for a set of reassignments, as Kafka's own reassignment tool sets it:
 * {@code leader.replication.throttled.rate} and {@code follower.replication.throttled.rate} on
 * every broker involved, and per topic {@code leader.replication.throttled.replicas} (the
 * replicas copied from: "partition:broker") and {@code follower.replication.throttled.replicas}
 * (the new replicas copying). Only the moving replicas are throttled; a topic's ordinary
 * replication is not.
 */
public record Throttle(long rate, SortedSet<Integer> brokers, SortedMap<String, SortedSet<String>> leaderReplicas,
    SortedMap<String, SortedSet<String>> followerReplicas) {

  public static final String LEADER_RATE = "leader.replication.throttled.rate";
  public static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
  public static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
  public static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";

  /** The throttle for moves that copy data (a move that only reorders needs none). */
  public static Throttle of(long rate, Collection<Move> moves) {
    SortedSet<Integer> brokers = new TreeSet<>();
    SortedMap<String, SortedSet<String>> leaders = new TreeMap<>();
    SortedMap<String, SortedSet<String>> followers = new TreeMap<>();
    for (Move move : moves) {
      if (move.leaderOnly()) {
        continue;
      }
      String topic = move.partition().topic();
      int p = move.partition().partition();
      for (Integer b : move.from()) {
        leaders.computeIfAbsent(topic, t -> new TreeSet<>()).add(p + ":" + b);
        brokers.add(b);
      }
      for (Integer b : move.adding()) {
        followers.computeIfAbsent(topic, t -> new TreeSet<>()).add(p + ":" + b);
        brokers.add(b);
      }
    }
    return new Throttle(rate, brokers, leaders, followers);
  }

  public boolean empty() {
    return brokers.isEmpty();
  }

  public Set<String> topics() {
    Set<String> topics = new TreeSet<>(leaderReplicas.keySet());
    topics.addAll(followerReplicas.keySet());
    return topics;
  }

  /** "0:1,0:2" for a topic's leader or follower replicas. */
  public static String list(Map<String, SortedSet<String>> replicas, String topic) {
    return String.join(",", replicas.getOrDefault(topic, new TreeSet<>()));
  }
}
