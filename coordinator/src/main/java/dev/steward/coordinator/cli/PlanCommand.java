package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.ApplyReportFormatter;
import dev.steward.coordinator.deploy.ApplyResult;
import dev.steward.coordinator.ensemble.EnsembleChangeCheck;
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
    var ensemble = ClusterSession.ensembleChange(inventory, inventoryOptions.allowUnsafeEnsemble);
    var change = ensemble.orElse(null) instanceof EnsembleChangeCheck.Change c ? java.util.Optional.of(c)
        : java.util.Optional.<EnsembleChangeCheck.Change>empty();
    try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), false)) {
      // with a membership change, the hosts are first brought to the members as they run: that is what is shown
      ApplyResult result = session.deployer().plan(change.map(EnsembleChangeCheck.Change::interim).orElse(inventory),
          artifact, ensemble.isPresent());
      session.progress.close();
      if (output == OutputFormat.json) {
        change.ifPresent(c -> spec.commandLine().getErr().println(c.description()));
        spec.commandLine().getOut().print(ApplyReportFormatter.json(result) + "\n");
      } else {
        change.ifPresent(c -> spec.commandLine().getOut().println(c.description()));
        spec.commandLine().getOut().print(ApplyReportFormatter.text(result, true)
            + (result.ok() && !result.anyChange() && change.isEmpty() ? "no changes\n" : ""));
      }
      if (!result.ok()) {
        return ExitCode.FAILURE;
      }
      return result.anyChange() || change.isPresent() ? ExitCode.CHANGES_PENDING : ExitCode.OK;
    }
  }
}
