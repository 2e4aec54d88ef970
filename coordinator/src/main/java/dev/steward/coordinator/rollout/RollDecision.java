package dev.steward.coordinator.rollout;

/**
 * What a roller decides to do next, from one snapshot of the cluster.
 *
 * <ul>
 *   <li>{@link Restart}: restart this node now; every rule allows it.</li>
 *   <li>{@link Wait}: not now, but the cluster may get there by itself (a node is catching up,
 *       a partition is at its minimum ISR). Re-observe and decide again.</li>
 *   <li>{@link Stop}: proceeding could cost availability and waiting will not help (no
 *       ZooKeeper leader, a topic that any restart makes unavailable). The rollout halts with
 *       every remaining node untouched.</li>
 *   <li>{@link Done}: nothing left to restart.</li>
 * </ul>
 */
public sealed interface RollDecision {

  record Restart(String host, String why) implements RollDecision {
  }

  record Wait(String reason) implements RollDecision {
  }

  record Stop(String reason) implements RollDecision {
  }

  record Done() implements RollDecision {
  }
}
