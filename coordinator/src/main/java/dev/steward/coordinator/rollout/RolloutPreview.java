package dev.steward.coordinator.rollout;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.ConnectService;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.ZooKeeperService;

/**
 * The dry run's text: a {@link RolloutPlan}'s steps in order, each with the gate before it and
 * the readiness it waits for after it, and where the plan ends early, why.
 */
public final class RolloutPreview {

  private final Inventory inventory;

  public RolloutPreview(Inventory inventory) {
    this.inventory = inventory;
  }

  public String text(RolloutState state, RolloutPlan plan) {
    StringBuilder text = new StringBuilder("rollout plan (dry run, nothing is changed): ").append(state.kind())
        .append('\n');
    String service = "";
    int number = 1;
    for (RolloutPlan.PlannedStep step : plan.steps()) {
      if (!step.service().equals(service)) {
        service = step.service();
        text.append(header(service)).append('\n');
      }
      text.append(String.format("  %d. %srestart %s%n", number++, prepareText(state), target(step.service(),
          step.host())));
      step.waitsFirst().ifPresent(wait -> text.append("     waits:  ").append(wait).append('\n'));
      text.append("     why:    ").append(step.why()).append('\n')
          .append("     before: ").append(before(step)).append('\n')
          .append("     after:  ").append(after(step)).append('\n');
    }
    plan.end().ifPresent(end -> {
      text.append(end.halts() ? "the rollout would halt here: " : "the rollout would wait here: ")
          .append(end.reason()).append('\n');
      if (!plan.notReached().isEmpty()) {
        text.append(end.halts() ? "not reached:\n" : "then, in an order decided from the cluster as it is then:\n");
        plan.notReached().forEach(step -> text.append("  - restart ")
            .append(target(step.service(), step.host())).append('\n'));
      }
    });
    return text.toString();
  }

  private static String header(String service) {
    return switch (service) {
      case ZooKeeperService.NAME ->
          "zookeeper: followers first, the leader last; the leader is re-discovered before every step";
      case KafkaService.NAME ->
          "kafka: brokers that are down first, the active controller last; re-read before every step";
      case ConnectService.NAME -> "kafka-connect: one worker at a time, in inventory order";
      default -> service + ":";
    };
  }

  private String target(String service, String host) {
    return service + " on " + host + (service.equals(KafkaService.NAME) ? " (broker " + brokerId(host) + ")" : "");
  }

  private int brokerId(String host) {
    return inventory.host(host).orElseThrow().brokerId().getAsInt();
  }

  private String before(RolloutPlan.PlannedStep step) {
    return switch (step.service()) {
      case ZooKeeperService.NAME ->
          "every ZooKeeper node serving, exactly one leader, all followers synced, none pending";
      case KafkaService.NAME -> "no other broker down or recovering, no partition offline, and every partition with a "
          + "replica on broker " + brokerId(step.host()) + " keeps min.insync.replicas without it";
      default -> "every worker healthy in the group";
    };
  }

  private String after(RolloutPlan.PlannedStep step) {
    return switch (step.service()) {
      case ZooKeeperService.NAME -> step.host() + " serving as follower or leader and the ensemble fully synced again";
      case KafkaService.NAME -> "broker " + brokerId(step.host()) + " registered anew, live, every partition it hosts "
          + "fully in sync; then a preferred-leader election for its partitions";
      default -> "the worker healthy in the group again and every connector and task that was RUNNING before it "
          + "stopped RUNNING again";
    };
  }

  private static String prepareText(RolloutState state) {
    return switch (state.kind()) {
      case "upgrade" -> "install Kafka " + state.targetVersion()
          + (state.pinnedProtocol() == null ? "" : " (inter.broker.protocol.version " + state.pinnedProtocol() + ")")
          + ", ";
      case "protocol" -> "unpin inter.broker.protocol.version, ";
      default -> "";
    };
  }
}
