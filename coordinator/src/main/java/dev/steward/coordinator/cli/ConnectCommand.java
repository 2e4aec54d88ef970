package dev.steward.coordinator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.cdc.DebeziumSlots;
import dev.steward.coordinator.connect.ConnectAuditLog;
import dev.steward.coordinator.connect.ConnectRestClient;
import dev.steward.coordinator.connect.HealthyWorker;
import dev.steward.coordinator.connect.ConnectRestException;
import dev.steward.coordinator.connect.ConnectorStatus;
import dev.steward.coordinator.connect.TaskStatus;
import dev.steward.coordinator.probe.LiveCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The guide's curl commands against Connect's REST API, through the coordinator: it finds a
 * worker that answers, says what it did in plain words or JSON, and records every change in the
 * coordinator's audit log. Debezium connectors also show (and on delete may drop) their replication slot.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
    description = "Kafka Connect connectors: status, pause, resume, stop, restart, delete, offsets.",
    subcommands = {
        ConnectCommand.Status.class,
        ConnectCommand.Pause.class,
        ConnectCommand.Resume.class,
        ConnectCommand.Stop.class,
        ConnectCommand.Restart.class,
        ConnectCommand.Delete.class,
        ConnectCommand.Offsets.class})
final class ConnectCommand {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** What every subcommand shares: the inventory, the output format, the first worker that answers. */
  abstract static class Base implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
    OutputFormat output;

    Inventory inventory;

    @Override
    public Integer call() throws IOException {
      inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      if (!inventory.connect().enabled()) {
        throw new ExitException(ExitCode.BAD_INPUT, "the inventory has no connect section: no Connect cluster");
      }
      ConnectRestClient client = worker();
      try {
        return run(client, spec.commandLine().getOut());
      } catch (ConnectRestException e) {
        if (e.httpStatus() == 404) {
          throw new ExitException(ExitCode.BAD_INPUT, e.getMessage());
        }
        throw new ExitException(ExitCode.FAILURE, e.getMessage());
      }
    }

    abstract int run(ConnectRestClient client, PrintWriter out) throws IOException;

    private ConnectRestClient worker() {
      HealthyWorker found = HealthyWorker.find(LiveCluster.connectWorkers(inventory), TIMEOUT);
      return found.client().orElseThrow(() -> new ExitException(ExitCode.FAILURE, "no Connect worker answers: "
          + String.join("; ", found.problems())));
    }

    void audit(String action, String connector, String detail) throws IOException {
      ConnectAuditLog.forCluster(inventory.cluster()).record(inventory.cluster(), action, connector, detail);
    }

    Optional<ConnectorSpec> declared(String name) {
      return inventory.connectors().stream().filter(c -> c.name().equals(name)).findFirst();
    }
  }

  /** A change to one named connector: run it, audit it, say so. */
  abstract static class Change extends Base {

    @Parameters(index = "0", paramLabel = "NAME", description = "The connector.")
    String name;

    abstract String verb();

    abstract void change(ConnectRestClient client);

    @Override
    int run(ConnectRestClient client, PrintWriter out) throws IOException {
      change(client);
      audit(verb(), name, "");
      print(out, verb(), client.status(name));
      return ExitCode.OK;
    }

    void print(PrintWriter out, String what, ConnectorStatus status) throws IOException {
      if (output == OutputFormat.json) {
        ObjectNode node = JSON.createObjectNode().put("action", what);
        node.set("status", statusJson(status));
        out.println(JSON.writeValueAsString(node));
      } else {
        out.println(what + " " + name + ": now " + describe(status));
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Every connector (or one) with its state, its tasks and the worker each runs on; a Debezium "
          + "connector's replication slot with the WAL it holds. Exit code 1 when one is FAILED.")
  static final class Status extends Base {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Only this connector.")
    String name;

    @Override
    int run(ConnectRestClient client, PrintWriter out) throws IOException {
      Map<String, ConnectorStatus> statuses = name == null ? client.statuses() : Map.of(name, client.status(name));
      ArrayNode connectors = JSON.createArrayNode();
      boolean failed = false;
      for (ConnectorStatus status : statuses.values()) {
        failed |= ConnectorStatus.FAILED.equals(status.state()) || !status.failedTasks().isEmpty();
        ObjectNode node = statusJson(status);
        node.put("declared", declared(status.name()).isPresent());
        declared(status.name()).filter(ConnectorSpec::isDebeziumPostgres)
            .ifPresent(spec -> node.set("slot", DebeziumSlots.describeJson(spec, inventory)));
        connectors.add(node);
      }
      if (output == OutputFormat.json) {
        out.println(JSON.writeValueAsString(JSON.createObjectNode().set("connectors", connectors)));
      } else if (connectors.isEmpty()) {
        out.println("no connectors");
      } else {
        for (JsonNode node : connectors) {
          out.println(node.get("name").asText() + ": " + node.get("summary").asText()
              + (node.get("declared").asBoolean() ? "" : "  (not in the inventory)"));
          for (JsonNode task : node.get("tasks")) {
            out.println("  task " + task.get("id").asInt() + ": " + task.get("state").asText() + " on "
                + task.get("worker").asText() + (task.hasNonNull("trace") ? "\n    " + firstLine(task.get("trace")
                .asText()) : ""));
          }
          if (node.has("slot")) {
            out.println("  slot: " + node.get("slot").get("summary").asText());
          }
        }
      }
      return failed ? ExitCode.FAILURE : ExitCode.OK;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a connector and its tasks.")
  static final class Pause extends Change {

    @Override
    String verb() {
      return "paused";
    }

    @Override
    void change(ConnectRestClient client) {
      client.pause(name);
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused or stopped connector.")
  static final class Resume extends Change {

    @Override
    String verb() {
      return "resumed";
    }

    @Override
    void change(ConnectRestClient client) {
      client.resume(name);
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stop a connector: its tasks are shut down and release their resources; offsets are kept.")
  static final class Stop extends Change {

    @Override
    String verb() {
      return "stopped";
    }

    @Override
    void change(ConnectRestClient client) {
      client.stop(name);
    }
  }

  @Command(name = "restart", mixinStandardHelpOptions = true,
      description = "Restart a connector and its tasks (with --failed-only: only the FAILED ones).")
  static final class Restart extends Change {

    @Option(names = "--failed-only", description = "Restart only the connector instance and tasks that are FAILED.")
    boolean failedOnly;

    @Override
    String verb() {
      return failedOnly ? "restarted (failed only)" : "restarted";
    }

    @Override
    void change(ConnectRestClient client) {
      client.restart(name, true, failedOnly);
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = {"Stop and delete a connector. A Debezium connector's replication slot and publication stay in "
          + "PostgreSQL (and the slot keeps WAL) unless --drop-slot also drops them."})
  static final class Delete extends Base {

    @Parameters(index = "0", paramLabel = "NAME", description = "The connector.")
    String name;

    @Option(names = "--drop-slot", description = "Also drop the Debezium connector's replication slot and publication.")
    boolean dropSlot;

    @Override
    int run(ConnectRestClient client, PrintWriter out) throws IOException {
      Optional<ConnectorSpec> spec = declared(name);
      boolean debezium = spec.map(ConnectorSpec::isDebeziumPostgres).orElse(false);
      if (dropSlot && !debezium) {
        throw new ExitException(ExitCode.BAD_INPUT, "--drop-slot: " + name + " is not a Debezium PostgreSQL connector "
            + "declared in the inventory, so Steward does not know its database");
      }
      boolean exists = client.connectors().contains(name);
      if (!exists && !dropSlot) {
        throw new ExitException(ExitCode.BAD_INPUT, "no connector " + name + " on the Connect cluster");
      }
      if (exists) {
        // stopped first, so its task releases the replication slot before the slot is dropped
        client.stop(name);
        client.delete(name);
        audit("deleted", name, dropSlot ? "with its replication slot" : "");
        out.println("deleted " + name);
      }
      if (debezium) {
        out.println(dropSlot ? DebeziumSlots.drop(spec.get(), inventory) : DebeziumSlots.remaining(spec.get(), inventory));
        if (dropSlot) {
          audit("dropped slot", name, "");
        }
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "offsets", mixinStandardHelpOptions = true,
      description = "The connector's committed offsets (source partitions and positions, or sink consumer offsets).")
  static final class Offsets extends Base {

    @Parameters(index = "0", paramLabel = "NAME", description = "The connector.")
    String name;

    @Override
    int run(ConnectRestClient client, PrintWriter out) throws IOException {
      JsonNode offsets = client.offsets(name);
      if (output == OutputFormat.json) {
        out.println(JSON.writeValueAsString(offsets));
      } else {
        for (JsonNode offset : offsets.path("offsets")) {
          out.println(JSON.writeValueAsString(offset.path("partition")).replace('\n', ' ') + " -> "
              + JSON.writeValueAsString(offset.path("offset")).replace('\n', ' '));
        }
      }
      return ExitCode.OK;
    }
  }

  static ObjectNode statusJson(ConnectorStatus status) {
    ObjectNode node = JSON.createObjectNode()
        .put("name", status.name())
        .put("state", status.state())
        .put("worker", status.workerId())
        .put("type", status.type())
        .put("summary", describe(status));
    ArrayNode tasks = node.putArray("tasks");
    for (TaskStatus task : status.tasks()) {
      ObjectNode t = tasks.addObject().put("id", task.id()).put("state", task.state()).put("worker", task.workerId());
      if (task.trace() != null) {
        t.put("trace", task.trace());
      }
    }
    return node;
  }

  static String describe(ConnectorStatus status) {
    long running = status.tasks().stream().filter(TaskStatus::running).count();
    return status.state() + ", " + running + " of " + status.tasks().size() + " tasks running"
        + (status.failedTasks().isEmpty() ? "" : ", " + status.failedTasks().size() + " FAILED");
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
