package dev.steward.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.pki.EnrolledHost;
import dev.steward.coordinator.pki.HostProbe;
import dev.steward.coordinator.pki.PkiDirectory;
import dev.steward.coordinator.status.TextTable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "hosts", mixinStandardHelpOptions = true,
    description = "The inventory's hosts and their agent certificates.",
    subcommands = {HostsCommand.ListHosts.class, HostsCommand.Forget.class, HostsCommand.Drain.class})
final class HostsCommand {

  private HostsCommand() {
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Every inventory host: its certificate here (enrolled, forgotten, none) and what its agent says "
          + "(pending with its key fingerprint, enrolled, unreachable). A pending agent's fingerprint comes over an "
          + "unauthenticated channel: confirm it in the agent's log before `enroll --fingerprint`.",
          "Exit code: 0, 2 bad input (no CA)."})
  static final class ListHosts implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Mixin
    PkiOptions pkiOptions;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
    OutputFormat output;

    @Option(names = "--offline", description = "Do not contact the agents; show hosts.json only.")
    boolean offline;

    @Override
    public Integer call() throws IOException {
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      PkiDirectory pki = pkiOptions.existing(inventory);
      PkiDirectory.Hosts hosts = pki.hosts();
      HostProbe probe = new HostProbe(pki.credentials(), Duration.ofSeconds(5));
      List<CompletableFuture<HostProbe.Seen>> seen = new ArrayList<>();
      for (HostSpec host : inventory.hosts()) {
        seen.add(offline ? CompletableFuture.completedFuture(null) : CompletableFuture.supplyAsync(() -> probe.probe(host)));
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < inventory.hosts().size(); i++) {
        HostSpec host = inventory.hosts().get(i);
        Optional<EnrolledHost> current = hosts.current(host.name());
        Optional<EnrolledHost> latest = hosts.latest(host.name());
        HostProbe.Seen agent = seen.get(i).join();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("host", host.name());
        row.put("address", host.address());
        row.put("certificate", current.isPresent()
            ? (current.get().notAfter().isBefore(now) ? "expired" : "enrolled")
            : latest.filter(EnrolledHost::revoked).isPresent() ? "forgotten" : "none");
        row.put("serial", current.map(EnrolledHost::serial).orElse(""));
        row.put("notAfter", current.map(h -> h.notAfter().toString()).orElse(""));
        row.put("fingerprint", current.map(EnrolledHost::fingerprint)
            .orElse(agent == null ? "" : agent.fingerprint()));
        if (agent != null) {
          row.put("agent", agent.state() + (agent.state().equals("pending") ? " (" + agent.mode() + ")" : "")
              + (agent.state().equals("enrolled") && current.isPresent() && !current.get().serial().equals(agent.serial())
                  ? " (other certificate " + agent.serial() + ")" : ""));
          if (!agent.error().isEmpty()) {
            row.put("error", agent.error());
          }
        }
        rows.add(row);
      }
      if (output == OutputFormat.json) {
        spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(Map.of("pki", pki.dir().toString(), "hosts", rows)));
      } else {
        List<List<String>> table = new ArrayList<>();
        for (Map<String, Object> row : rows) {
          table.add(List.of(str(row, "host"), str(row, "address"), str(row, "certificate"),
              offline ? "-" : str(row, "agent"), str(row, "serial"), shortDate(str(row, "notAfter")),
              str(row, "fingerprint")));
        }
        spec.commandLine().getOut().print(TextTable.render(List.of("HOST", "ADDRESS", "CERTIFICATE", "AGENT", "SERIAL",
            "EXPIRES", "FINGERPRINT"), table));
      }
      return ExitCode.OK;
    }

    private static String str(Map<String, Object> row, String key) {
      Object value = row.get(key);
      return value == null ? "" : value.toString();
    }

    private static String shortDate(String instant) {
      return instant.length() >= 10 ? instant.substring(0, 10) : instant;
    }
  }

  @Command(name = "forget", mixinStandardHelpOptions = true,
      description = {"Revoke a host's certificate: this coordinator stops trusting that agent at once (the TLS "
          + "handshake fails). To enroll the host again, reset its agent (remove <state-dir>/tls) and enroll it "
          + "with a new token.",
          "Exit code: 0 forgotten (or already), 2 bad input (unknown or never enrolled host, no CA)."})
  static final class Forget implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Mixin
    PkiOptions pkiOptions;

    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Override
    public Integer call() throws IOException {
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      PkiDirectory pki = pkiOptions.existing(inventory);
      Optional<EnrolledHost> latest = pki.hosts().latest(host);
      if (latest.isEmpty()) {
        if (inventory.host(host).isEmpty()) {
          PkiOptions.host(inventory, host);
        }
        throw new ExitException(ExitCode.BAD_INPUT, host + " was never enrolled with the CA in " + pki.dir());
      }
      if (latest.get().revoked()) {
        spec.commandLine().getOut().println(host + " is already forgotten (serial " + latest.get().serial() + ")");
        return ExitCode.OK;
      }
      Instant now = Instant.now();
      pki.updateHosts(hosts -> new PkiDirectory.Hosts(hosts.hosts().stream()
          .map(h -> h.name().equals(host) && !h.revoked() ? h.revoke(now, "forgotten") : h).toList()));
      spec.commandLine().getOut().println(host + " forgotten: certificate serial " + latest.get().serial()
          + " is no longer trusted");
      return ExitCode.OK;
    }
  }

  @Command(name = "drain", mixinStandardHelpOptions = true,
      description = {"Move every replica off a broker, onto the least loaded other brokers of the inventory (in "
          + "racks the partitions do not use yet, when hosts name racks), with rebalance's throttle, in-flight cap, "
          + "progress and final preferred leader election. Then the host can leave the inventory: `apply` refuses "
          + "to drop a broker that still holds replicas. Refused, with nothing changed, when fewer brokers than a "
          + "topic's replication factor would remain (docs/scaling.md).",
          "HOST is an inventory host with a brokerId; --broker-id drains a broker the inventory no longer lists.",
          "Exit codes: 0 drained (or nothing on it, or --dry-run), 1 failure, 2 bad input or a refused drain."})
  static final class Drain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Parameters(index = "0", paramLabel = "HOST", arity = "0..1", description = "The host whose broker to empty.")
    String host;

    @Option(names = "--broker-id", paramLabel = "ID", description = "The broker to empty, by id (one not in the "
        + "inventory any more).")
    Integer brokerId;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
    OutputFormat output;

    @Option(names = "--timeout", defaultValue = "0s", paramLabel = "DURATION",
        description = "Give up waiting after this long (${DEFAULT-VALUE}: wait for every reassignment).")
    String timeout;

    @Override
    public Integer call() {
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      if ((host == null) == (brokerId == null)) {
        throw new ExitException(ExitCode.BAD_INPUT, "name the broker to drain: a HOST of the inventory, or "
            + "--broker-id ID (not both)");
      }
      int broker;
      if (host != null) {
        HostSpec spec = inventory.host(host).orElseThrow(() -> new ExitException(ExitCode.BAD_INPUT,
            "HOST: " + host + " is not in the inventory; its hosts: " + String.join(", ",
                inventory.hosts().stream().map(HostSpec::name).toList())
            + " (a broker no longer listed is drained with --broker-id ID)"));
        if (!spec.runsKafka()) {
          throw new ExitException(ExitCode.BAD_INPUT, "HOST: " + host + " runs no broker (no brokerId): there is "
              + "nothing to drain");
        }
        broker = spec.brokerId().getAsInt();
      } else {
        broker = brokerId;
      }
      java.time.Duration limit = RebalanceCommand.parseTimeout(timeout);
      return RebalanceCommand.run(inventory, inventoryOptions.file, spec, dryRun, output, limit,
          (placement, targets) -> dev.steward.coordinator.rebalance.DrainPlanner.plan(placement, broker,
              drainTargets(placement, targets, broker)));
    }

    /** The brokers that may take the drained replicas: the inventory's live brokers but the one drained. */
    private static java.util.Set<Integer> drainTargets(dev.steward.coordinator.rebalance.ReplicaPlacement placement,
        java.util.Set<Integer> inventoryBrokers, int broker) {
      java.util.Set<Integer> targets = new java.util.TreeSet<>(inventoryBrokers);
      targets.remove(broker);
      return targets;
    }
  }
}
