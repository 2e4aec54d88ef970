package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.ApplyOptions;
import dev.steward.coordinator.deploy.ApplyReportFormatter;
import dev.steward.coordinator.deploy.ApplyResult;
import dev.steward.coordinator.ensemble.EnsembleChangeCheck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {"Bring every host to the inventory's state: preflight, Kafka distribution, base resources, "
        + "ZooKeeper (and wait for a synced quorum), then Kafka (and wait for every broker), then a smoke test.",
        "Running services whose config or binaries changed are then restarted by the rolling restart "
            + "(one node at a time, ZooKeeper first, behind the same gates as `rollout restart`)."})
final class ApplyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
  OutputFormat output;

  @Option(names = "--no-smoke-test", description = "Skip the produce/consume check at the end.")
  boolean noSmokeTest;

  @Option(names = "--smoke-records", defaultValue = "100", description = "Records the smoke test sends (${DEFAULT-VALUE}).")
  int smokeRecords;

  @Option(names = "--prune", description = "Delete connectors that run but are not in the inventory.")
  boolean prune;

  @Override
  public Integer call() {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    KafkaArtifact artifact = ClusterSession.resolveArtifact(inventory);
    ClusterSession.secrets(inventory);
    ClusterSession.refuseUnknownConnectorClasses(inventory, artifact);
    var ensemble = ClusterSession.ensembleChange(inventory, inventoryOptions.allowUnsafeEnsemble);
    ClusterSession.refuseRemovedBrokersWithReplicas(inventory, inventoryOptions.file);
    ApplyOptions options = new ApplyOptions(!noSmokeTest, smokeRecords, prune);
    if (ensemble.isPresent()) {
      options = options.withEnsembleChecked();
    }
    if (ensemble.orElse(null) instanceof EnsembleChangeCheck.Change change) {
      spec.commandLine().getErr().println(change.description());
      ApplyResult result = MembershipChangeApply.run(inventory, change, artifact, options, inventoryOptions.file,
          inventoryOptions.allowUnsafeEnsemble, spec.commandLine().getErr());
      spec.commandLine().getOut().print(output == OutputFormat.json ? ApplyReportFormatter.json(result) + "\n"
          : ApplyReportFormatter.text(result, false));
      return result.ok() ? ExitCode.OK : ExitCode.FAILURE;
    }
    try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), false)) {
      session.requireNoUnfinishedRollout(inventoryOptions.file);
      ApplyResult result = session.deployer().apply(inventory, artifact, options,
          session.pendingRestartRoller(inventoryOptions.file));
      session.progress.close();
      spec.commandLine().getOut().print(output == OutputFormat.json ? ApplyReportFormatter.json(result) + "\n"
          : ApplyReportFormatter.text(result, false));
      return result.ok() ? ExitCode.OK : ExitCode.FAILURE;
    }
  }
}
