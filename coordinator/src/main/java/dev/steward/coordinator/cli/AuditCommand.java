package dev.steward.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.steward.agent.v1.AuditEntry;
import dev.steward.agent.v1.ReadAuditResponse;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.agent.AgentCallException;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.status.TextTable;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"Show a host's audit trail: every change its agent made (resources applied, services "
        + "started/stopped/restarted, certificates, artifacts), who asked, and before/after digests. Never contents.",
        "Exit code: 0, 1 the agent could not be asked, 2 bad input."})
final class AuditCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Mixin
  PkiOptions pkiOptions;

  @Mixin
  ClientIdentityOptions identity;

  @Parameters(index = "0", paramLabel = "HOST")
  String host;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "The newest N entries (default ${DEFAULT-VALUE}, at most 10000).")
  int limit;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
  OutputFormat output;

  @Override
  public Integer call() throws Exception {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    HostSpec target = PkiOptions.host(inventory, host);
    if (limit < 1 || limit > 10_000) {
      throw new ExitException(ExitCode.BAD_INPUT, "--limit " + limit + " must be 1..10000");
    }
    ManagedChannel channel;
    try {
      channel = identity.connector(inventory, pkiOptions).connect(target);
    } catch (IllegalStateException e) {
      throw new ExitException(ExitCode.FAILURE, "audit " + host + ": " + e.getMessage());
    }
    try (AgentClient agent = new AgentClient(host, channel)) {
      ReadAuditResponse response = agent.readAudit(limit);
      print(response);
      return ExitCode.OK;
    } catch (AgentCallException e) {
      throw new ExitException(ExitCode.FAILURE, "audit: " + e.getMessage());
    }
  }

  private void print(ReadAuditResponse response) throws Exception {
    if (output == OutputFormat.json) {
      List<java.util.Map<String, String>> entries = new ArrayList<>();
      for (AuditEntry entry : response.getEntriesList()) {
        java.util.Map<String, String> line = new java.util.LinkedHashMap<>();
        line.put("time", entry.getTime());
        line.put("caller", entry.getCaller());
        line.put("operation_id", entry.getOperationId());
        line.put("action", entry.getAction());
        line.put("resource", entry.getResource());
        line.put("before", entry.getBefore());
        line.put("after", entry.getAfter());
        line.put("result", entry.getResult());
        line.put("message", entry.getMessage());
        entries.add(line);
      }
      java.util.Map<String, Object> document = new java.util.LinkedHashMap<>();
      document.put("host", host);
      document.put("total", response.getTotal());
      document.put("entries", entries);
      spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(document));
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (AuditEntry entry : response.getEntriesList()) {
      rows.add(List.of(entry.getTime(), entry.getCaller(), entry.getOperationId(), entry.getAction(),
          entry.getResource(), entry.getResult(), digests(entry), oneLine(entry.getMessage())));
    }
    spec.commandLine().getOut().print(TextTable.render(List.of("TIME", "CALLER", "OPERATION", "ACTION", "RESOURCE",
        "RESULT", "BEFORE -> AFTER", "MESSAGE"), rows));
    spec.commandLine().getOut().println(response.getEntriesCount() + " of " + response.getTotal() + " entries");
  }

  private static String digests(AuditEntry entry) {
    if (entry.getBefore().isEmpty() && entry.getAfter().isEmpty()) {
      return "";
    }
    return shortDigest(entry.getBefore()) + " -> " + shortDigest(entry.getAfter());
  }

  private static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    return colon > 0 && digest.length() > colon + 13 ? digest.substring(0, colon + 13) + ".." : digest;
  }

  private static String oneLine(String message) {
    String flat = message.replace('\n', ' ');
    return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
  }
}
