package dev.steward.coordinator.rollout;

import java.util.List;
import java.util.Optional;

/**
 * What a rollout would do from the cluster as it is now: the dry run's answer.
 *
 * @param steps the restarts in the order the rollout would take them
 * @param notReached the steps the plan does not get to, in journal order, when it ends early
 * @param end why it ends early; empty when every step is planned
 */
public record RolloutPlan(List<PlannedStep> steps, List<RolloutStep> notReached, Optional<End> end) {

  public RolloutPlan {
    steps = List.copyOf(steps);
    notReached = List.copyOf(notReached);
  }

  /**
   * One restart.
   *
   * @param why the roller's reason for this node now
   * @param waitsFirst what the rollout would wait for before it, if anything
   */
  public record PlannedStep(String service, String host, String why, Optional<String> waitsFirst) {
  }

  /**
   * Where the plan stops.
   *
   * @param halts the rollout would halt here (a roller said stop); otherwise it would wait for
   *     something the dry run cannot foresee the end of
   */
  public record End(boolean halts, String reason) {
  }

  /** "zookeeper:h1", "kafka:h3", ...: the restarts in order. */
  public List<String> order() {
    return steps.stream().map(step -> step.service() + ":" + step.host()).toList();
  }
}
