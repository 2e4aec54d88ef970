package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.lag.ConsumerLag;
import dev.steward.coordinator.lag.ConsumerLagReader;
import dev.steward.coordinator.lag.GroupLag;
import dev.steward.coordinator.lag.GroupSelection;
import dev.steward.coordinator.lag.LagFormatter;
import dev.steward.coordinator.probe.KafkaProbe;
import dev.steward.coordinator.probe.ProbeException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lag", mixinStandardHelpOptions = true,
    description = {"Show each consumer group's state, members, and per partition the committed offset, log-end "
        + "offset and lag, with the total lag per group and per topic: the numbers kafka-consumer-groups.sh "
        + "--describe prints.",
        "Exit code: 0 shown, 1 Kafka did not answer, 2 bad input (e.g. a group that does not exist)."})
final class LagCommand implements Callable<Integer> {

  /** Long enough for a cluster electing leaders; Admin retries within it. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Option(names = {"-g", "--group"}, paramLabel = "GROUP",
      description = "Only this consumer group (repeatable). Default: every group.")
  List<String> groups = new ArrayList<>();

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
  OutputFormat output;

  @Override
  public Integer call() {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    List<GroupLag> lag = read(inventory.bootstrapServers());
    PrintWriter out = spec.commandLine().getOut();
    out.print(output == OutputFormat.json ? LagFormatter.jsonText(lag) : LagFormatter.text(lag));
    return ExitCode.OK;
  }

  private List<GroupLag> read(String bootstrapServers) {
    try (KafkaProbe kafka = new KafkaProbe(bootstrapServers, TIMEOUT)) {
      ConsumerLagReader reader = new ConsumerLagReader(kafka.admin(), TIMEOUT);
      GroupSelection selection = GroupSelection.of(groups, reader.consumerGroups());
      if (selection.problem().isPresent()) {
        throw new ExitException(ExitCode.BAD_INPUT, selection.problem().get());
      }
      return ConsumerLag.of(reader.read(selection.groups()));
    } catch (ProbeException e) {
      throw new ExitException(ExitCode.FAILURE, e.getMessage());
    }
  }
}
