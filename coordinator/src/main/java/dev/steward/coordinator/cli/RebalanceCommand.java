package dev.steward.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.gate.WaitClock;
import dev.steward.coordinator.probe.KafkaProbe;
import dev.steward.coordinator.rebalance.LiveReassignmentCluster;
import dev.steward.coordinator.rebalance.PlacementReader;
import dev.steward.coordinator.rebalance.PlanRefusedException;
import dev.steward.coordinator.rebalance.ReassignmentExecutor;
import dev.steward.coordinator.rebalance.RebalancePlan;
import dev.steward.coordinator.rebalance.RebalancePlanner;
import dev.steward.coordinator.rebalance.RebalanceText;
import dev.steward.coordinator.rebalance.ReplicaPlacement;
import dev.steward.coordinator.rollout.RolloutStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rebalance", mixinStandardHelpOptions = true,
    description = {"Spread the partitions' replicas, then their preferred leaders, evenly over the inventory's brokers "
        + "(no two replicas of a partition in one rack when the hosts name racks), moving as little as possible: "
        + "replicas on brokers the inventory no longer lists move too. Runs the reassignments with the inventory's "
        + "replication throttle (rebalance.throttle), at most rebalance.maxPartitionsInFlight at a time, shows the "
        + "progress, removes the throttle at the end and elects the preferred leaders. Holds the rollout lock: a "
        + "rebalance and a rollout never run at once. Run it again after an interruption: reassignments under way "
        + "are waited for, the rest is planned from the placement then (docs/scaling.md).",
        "Exit codes: 0 done (or nothing to do, or --dry-run), 1 failure, 2 bad input or a refused plan."})
final class RebalanceCommand implements Callable<Integer> {

  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Option(names = "--dry-run", description = "Print the plan (moves per partition, replicas and leaders per broker "
      + "before and after) and change nothing.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
  OutputFormat output;

  @Option(names = "--timeout", defaultValue = "0s", paramLabel = "DURATION",
      description = "Give up waiting after this long, e.g. 30m (${DEFAULT-VALUE}: wait for every reassignment); the "
          + "reassignments under way go on, and a new run waits for them.")
  String timeout;

  @Override
  public Integer call() {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    return run(inventory, inventoryOptions.file, spec, dryRun, output, parseTimeout(timeout),
        (placement, targets) -> RebalancePlanner.plan(placement, targets));
  }

  /** Plans from a placement over the target brokers. */
  interface Planner {
    RebalancePlan plan(ReplicaPlacement placement, Set<Integer> targets) throws PlanRefusedException;
  }

  static Duration parseTimeout(String text) {
    try {
      return Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
    } catch (java.time.format.DateTimeParseException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "--timeout: " + text + " is not a duration; write e.g. 30m or 90s");
    }
  }

  /**
   * Reads the placement, plans, prints the plan; unless a dry run, takes the rollout lock and
   * executes it. Shared by `rebalance` and `hosts drain`.
   */
  static int run(Inventory inventory, java.nio.file.Path inventoryFile, CommandSpec spec, boolean dryRun,
      OutputFormat output, Duration timeout, Planner planner) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (KafkaProbe probe = new KafkaProbe(inventory.bootstrapServers(), ADMIN_TIMEOUT)) {
      ReplicaPlacement placement = read(probe);
      Set<Integer> targets = targets(inventory, placement);
      RebalancePlan plan;
      try {
        plan = planner.plan(placement, targets);
      } catch (PlanRefusedException e) {
        throw new ExitException(ExitCode.BAD_INPUT, e.getMessage());
      }
      if (output == OutputFormat.json && dryRun) {
        out.println(json(RebalanceText.json(plan)));
        return ExitCode.OK;
      }
      out.print(RebalanceText.plan(plan));
      if (!placement.inFlight().isEmpty()) {
        out.println(placement.inFlight().size() + " partition(s) being reassigned already (an earlier run's): "
            + "they are waited for, not planned again");
      }
      if (dryRun) {
        out.println("dry run: nothing was changed");
        return ExitCode.OK;
      }
      if (plan.empty() && placement.inFlight().isEmpty()) {
        return ExitCode.OK;
      }
      try (ClusterSession session = ClusterSession.open(inventory, err, true)) {
        session.requireNoUnfinishedRollout(inventoryFile);
        try (RolloutStore.Lock lock = session.rolloutStore().lock()) {
          ReassignmentExecutor.Result result = new ReassignmentExecutor(
              new LiveReassignmentCluster(probe.admin(), ADMIN_TIMEOUT), WaitClock.system(),
              maxDuration(inventory.rollout().pollInterval(), Duration.ofMillis(500)), timeout)
              .execute(plan, inventory.rebalance().throttle(), inventory.rebalance().maxPartitionsInFlight(),
                  listener(err));
          out.println(plan.kind() + " done: " + result.partitionsMoved() + " partition(s) reassigned, "
              + dev.steward.coordinator.status.Bytes.format(result.bytesMoved()) + " copied (estimated), in "
              + dev.steward.coordinator.progress.Elapsed.format(result.took())
              + (result.adopted() > 0 ? "; waited for " + result.adopted() + " reassignment(s) of an earlier run" : ""));
          result.electionProblems().forEach((tp, problem) ->
              out.println("warning: preferred leader election of " + tp + ": " + problem));
        } catch (RolloutStore.RolloutLockedException e) {
          throw new ExitException(ExitCode.FAILURE, "the cluster's rollout lock is held (a rollout, rebalance or "
              + "drain is running): " + e.getMessage());
        } catch (ReassignmentExecutor.ExecutionException e) {
          throw new ExitException(ExitCode.FAILURE, plan.kind() + " failed: " + e.getMessage());
        } catch (IOException e) {
          throw new ExitException(ExitCode.FAILURE, "the rollout lock: " + e.getMessage());
        }
      }
      ReplicaPlacement after = read(probe);
      out.println("placement now:");
      out.print(RebalanceText.placement(after));
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExitException(ExitCode.FAILURE, "interrupted; run the command again to wait for the reassignments "
          + "under way and go on");
    }
  }

  static ReplicaPlacement read(KafkaProbe probe) throws InterruptedException {
    try {
      return PlacementReader.read(probe.admin(), ADMIN_TIMEOUT);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new ExitException(ExitCode.FAILURE, "reading the partitions' placement from Kafka: "
          + Errors.rootMessage(e));
    }
  }

  /** The inventory's brokers; each must be live, or replicas could not be placed on it. */
  static Set<Integer> targets(Inventory inventory, ReplicaPlacement placement) {
    Set<Integer> targets = new TreeSet<>();
    for (HostSpec host : inventory.brokerHosts()) {
      int id = host.brokerId().getAsInt();
      if (!placement.brokers().containsKey(id)) {
        throw new ExitException(ExitCode.FAILURE, "broker " + id + " (" + host.name() + ") is not live: start it "
            + "(steward apply -i INVENTORY) or see steward status; nothing was changed");
      }
      targets.add(id);
    }
    return targets;
  }

  private static ReassignmentExecutor.Listener listener(PrintWriter err) {
    return new ReassignmentExecutor.Listener() {
      private String last = "";

      @Override
      public void progress(ReassignmentExecutor.Progress progress) {
        String line = RebalanceText.progress(progress);
        if (!line.equals(last)) {
          err.println("  " + line);
          err.flush();
          last = line;
        }
      }

      @Override
      public void info(String text) {
        err.println("  " + text);
        err.flush();
      }
    };
  }

  private static Duration maxDuration(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static String json(Object value) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
