package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.preflight.PreflightReport;
import dev.steward.coordinator.preflight.PreflightRunner;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "preflight", mixinStandardHelpOptions = true,
    description = {"Check every host's prerequisites (RAM, free disk under every data dir, Java, ports, reaching "
        + "the other hosts, clock skew) without changing anything. `apply` runs the same checks first.",
        "Exit code: 0 all passed, 1 a check failed, 2 bad input."})
final class PreflightCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Override
  public Integer call() {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), true)) {
      PreflightReport report = new PreflightRunner(session.fleet, Clock.systemUTC()).run(inventory);
      spec.commandLine().getOut().print(report.table());
      spec.commandLine().getOut().println(report.passed() ? "preflight passed" : "preflight FAILED");
      return report.passed() ? ExitCode.OK : ExitCode.FAILURE;
    }
  }
}
