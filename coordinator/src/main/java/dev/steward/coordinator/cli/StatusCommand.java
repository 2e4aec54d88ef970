package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.status.StatusCollector;
import dev.steward.coordinator.status.StatusFormatter;
import dev.steward.coordinator.status.StatusReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show every host (agent, ZooKeeper mode, broker registration, disk and RAM headroom) and the "
        + "cluster (quorum, controller, under-replicated and offline partitions), then the alerts: an agent, "
        + "ZooKeeper node or broker down, ZooKeeper not synced, under-replicated or offline partitions, a disk below "
        + "alerts.diskFreeBelow, a consumer group lagging above alerts.consumerLagAbove, a Connect worker down, a "
        + "connector or task FAILED, an inactive replication slot holding more WAL than alerts.walHeldAbove, a "
        + "certificate expiring within alerts.certificateExpiresWithin (docs/monitoring.md). A WARNING is a check "
        + "that could not be made (e.g. a slot without its database password).",
        "Exit code: 0 healthy (no CRITICAL alert; warnings may be listed), 1 unhealthy (any CRITICAL alert), "
            + "2 bad input."})
final class StatusCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
  OutputFormat output;

  @Override
  public Integer call() {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    return show(inventory, output, spec.commandLine().getOut());
  }

  /** Prints the status of the inventory's cluster; shared with `sandbox status`. */
  static int show(Inventory inventory, OutputFormat output, PrintWriter out) {
    try (ClusterSession session = ClusterSession.open(inventory, new PrintWriter(System.err, true), true)) {
      StatusReport report = new StatusCollector(inventory, session.fleet, session.cluster, true,
          java.time.Clock.systemUTC()).collect();
      out.print(output == OutputFormat.json ? StatusFormatter.jsonText(report) + "\n" : StatusFormatter.table(report));
      return report.healthy() ? ExitCode.OK : ExitCode.FAILURE;
    }
  }
}
