package dev.steward.coordinator.rollout;

import dev.steward.common.service.ConnectService;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.ZooKeeperService;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.connect.ConnectRoller;
import java.util.Set;

/**
 * Which roller decides a service's next step, and from which snapshots: the one place the
 * rollout ({@link RollingRestart}) and its dry run ({@link RolloutPlanner}) ask, so the dry run
 * cannot show an order the rollout would not take.
 */
public final class Rollers {

  private Rollers() {
  }

  /**
   * @param remaining hosts of the service still to restart
   * @param acceptedTopics topics allowed to become briefly unavailable (docs/rollouts.md rule 9)
   */
  public static RollDecision next(String service, ClusterView cluster, Set<String> remaining,
      Set<String> acceptedTopics) {
    // The last node's readiness gate has already seen the cluster whole: no snapshot needed.
    if (remaining.isEmpty()) {
      return new RollDecision.Done();
    }
    try {
      return switch (service) {
        case ZooKeeperService.NAME -> ZooKeeperRoller.next(cluster.ensemble(), remaining);
        case KafkaService.NAME -> {
          ClusterView.KafkaDecisionInputs inputs = cluster.kafkaDecisionInputs();
          yield KafkaRoller.next(inputs.brokers(), inputs.kafka(), inputs.controller(), remaining, acceptedTopics);
        }
        case ConnectService.NAME -> ConnectRoller.next(cluster.connect(), remaining);
        default -> new RollDecision.Stop("no roller for service " + service);
      };
    } catch (RuntimeException e) {
      // An observation that fails says nothing about the cluster: wait for one that works (rule 15), never guess.
      return new RollDecision.Wait("cannot observe the cluster: " + Errors.rootMessage(e));
    }
  }
}
