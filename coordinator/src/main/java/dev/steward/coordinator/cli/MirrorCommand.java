package dev.steward.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.MirrorSpec;
import dev.steward.coordinator.connect.ConnectRestClient;
import dev.steward.coordinator.connect.HealthyWorker;
import dev.steward.coordinator.connect.ConnectRestException;
import dev.steward.coordinator.mirror.MirrorStatus;
import dev.steward.coordinator.mirror.MirrorStatusProbe;
import dev.steward.coordinator.mirror.MirrorStatusReport;
import dev.steward.coordinator.probe.LiveCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** MirrorMaker 2 mirrors declared under {@code mirrors} (docs/mirroring.md). */
@Command(name = "mirror", mixinStandardHelpOptions = true,
    description = "MirrorMaker 2 mirrors into this cluster: status.",
    subcommands = {MirrorCommand.Status.class})
final class MirrorCommand {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Per mirrored topic: source and target log-end offsets, replication lag, last offset synced; "
          + "per group: the translated offsets; the connectors' states. Exits 1 when a connector is missing or "
          + "failed, or a cluster does not answer.")
  static final class Status implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
    OutputFormat output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One mirror (default: all).")
    String name;

    @Override
    public Integer call() throws IOException {
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      List<MirrorSpec> mirrors = inventory.mirrors().stream()
          .filter(m -> name == null || m.name().equals(name)).toList();
      if (mirrors.isEmpty()) {
        throw new ExitException(ExitCode.BAD_INPUT, name == null ? "the inventory declares no mirrors"
            : "mirrors: no mirror is named " + name);
      }
      Optional<ConnectRestClient> connect = worker(inventory);
      MirrorStatusProbe probe = new MirrorStatusProbe(inventory, TIMEOUT);
      List<MirrorStatus> statuses = new ArrayList<>();
      for (MirrorSpec mirror : mirrors) {
        try {
          statuses.add(probe.observe(mirror, connect));
        } catch (ConnectRestException e) {
          throw new ExitException(ExitCode.FAILURE, e.getMessage());
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      if (output == OutputFormat.json) {
        out.println(JSON.writeValueAsString(MirrorStatusReport.json(JSON, statuses)));
      } else {
        out.print(MirrorStatusReport.text(statuses));
        if (connect.isEmpty()) {
          out.println("no Connect worker answers: connector states unknown");
        }
      }
      out.flush();
      return connect.isPresent() && statuses.stream().allMatch(MirrorStatus::healthy) ? ExitCode.OK
          : ExitCode.FAILURE;
    }

    private static Optional<ConnectRestClient> worker(Inventory inventory) {
      return HealthyWorker.find(LiveCluster.connectWorkers(inventory), TIMEOUT).client();
    }
  }
}
