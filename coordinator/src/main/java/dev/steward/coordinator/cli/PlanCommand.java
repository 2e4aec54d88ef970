package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.ApplyReportFormatter;
import dev.steward.coordinator.deploy.ApplyResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Show, per host, what `apply` would change, with diffs. Changes nothing.",
        "Exit code: 0 nothing would change, 3 changes would be made, 1 failure, 2 bad input."})
final class PlanCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
  OutputFormat output;

  @Override
  public Integer call() {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    KafkaArtifact artifact = ClusterSession.resolveArtifact(inventory);
    ClusterSession.secrets(inventory);
    ClusterSession.refuseUnknownConnectorClasses(inventory, artifact);
    ClusterSession.refuseEnsembleChange(inventory, inventoryOptions.allowUnsafeEnsemble);
    try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), false)) {
      ApplyResult result = session.deployer().plan(inventory, artifact);
      session.progress.close();
      spec.commandLine().getOut().print(output == OutputFormat.json ? ApplyReportFormatter.json(result) + "\n"
          : ApplyReportFormatter.text(result, true) + (result.ok() && !result.anyChange() ? "no changes\n" : ""));
      if (!result.ok()) {
        return ExitCode.FAILURE;
      }
      return result.anyChange() ? ExitCode.CHANGES_PENDING : ExitCode.OK;
    }
  }
}
