package dev.steward.coordinator.rollout;

import dev.steward.common.service.Services;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dry run of a rollout: asks the same rollers the rollout asks ({@link Rollers}), in the
 * same service order, over a {@link WhatIfCluster} that takes each restart as done the moment it
 * is decided. Where the rollout would wait, the what-if cluster settles (what the rollout waits
 * for comes about) and the plan notes the wait; where it would stop, so does the plan.
 */
public final class RolloutPlanner {

  private RolloutPlanner() {
  }

  public static RolloutPlan plan(RolloutState state, WhatIfCluster cluster) {
    List<RolloutPlan.PlannedStep> planned = new ArrayList<>();
    Set<String> accepted = Set.copyOf(state.acceptedTopics());
    for (String service : Services.names()) {
      Set<String> remaining = new LinkedHashSet<>();
      state.steps(service).stream().filter(step -> !step.done()).forEach(step -> remaining.add(step.host()));
      Optional<String> waitsFirst = Optional.empty();
      while (true) {
        RollDecision decision = Rollers.next(service, cluster, remaining, accepted);
        if (decision instanceof RollDecision.Done) {
          break;
        }
        if (decision instanceof RollDecision.Stop stop) {
          return ended(state, planned, new RolloutPlan.End(true, stop.reason()));
        }
        if (decision instanceof RollDecision.Wait wait) {
          if (!cluster.settle()) {
            return ended(state, planned, new RolloutPlan.End(false, wait.reason()));
          }
          waitsFirst = waitsFirst.or(() -> Optional.of(wait.reason()));
          continue;
        }
        String host = ((RollDecision.Restart) decision).host();
        if (!remaining.remove(host)) {
          // a roller that picks a node outside the rollout would make the dry run go round forever
          return ended(state, planned, new RolloutPlan.End(true, service + " on " + host + " is not in this rollout"));
        }
        planned.add(new RolloutPlan.PlannedStep(service, host, ((RollDecision.Restart) decision).why(), waitsFirst));
        cluster.restarted(service, host);
        waitsFirst = Optional.empty();
      }
    }
    return new RolloutPlan(planned, List.of(), Optional.empty());
  }

  private static RolloutPlan ended(RolloutState state, List<RolloutPlan.PlannedStep> planned, RolloutPlan.End end) {
    List<RolloutStep> notReached = state.steps().stream().filter(step -> !step.done())
        .filter(step -> planned.stream().noneMatch(p -> p.service().equals(step.service())
            && p.host().equals(step.host())))
        .toList();
    return new RolloutPlan(planned, notReached, Optional.of(end));
  }
}
