package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.loadcheck.LoadCheckResult;
import dev.steward.coordinator.loadcheck.LoadChecker;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "loadcheck", mixinStandardHelpOptions = true,
    description = {"Produce numbered records (acks=all, idempotent) at a steady rate and read them back, then report "
        + "records sent, received, lost, duplicated, out of order, produce errors and latency percentiles. Run it "
        + "beside a rollout to see what the rollout cost your clients.",
        "Exit code: 0 nothing lost, duplicated or reordered; 1 otherwise."})
final class LoadCheckCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Option(names = "--rate", defaultValue = "200", description = "Records per second (${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", defaultValue = "30", description = "How long to produce (${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--topic", defaultValue = "steward-loadcheck", description = "Topic (created if missing: RF 3, "
      + "min.insync.replicas 2, 6 partitions) (${DEFAULT-VALUE}).")
  String topic;

  @Override
  public Integer call() throws Exception {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    if (rate < 1 || rate > 100_000) {
      throw new ExitException(ExitCode.BAD_INPUT, "--rate: " + rate + " is not between 1 and 100000");
    }
    try (LoadChecker checker = new LoadChecker(inventory.bootstrapServers(), topic, rate)) {
      checker.start(inventory.brokerHosts().size());
      Thread.sleep(Duration.ofSeconds(seconds).toMillis());
      LoadCheckResult result = checker.stop(Duration.ofSeconds(120));
      spec.commandLine().getOut().println(result.describe());
      checker.firstErrors().forEach(e -> spec.commandLine().getOut().println("  " + e));
      return result.clean() ? ExitCode.OK : ExitCode.FAILURE;
    }
  }
}
