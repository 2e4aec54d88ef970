package dev.steward.coordinator.cli;

import dev.steward.agent.v1.InspectInstallationRequest;
import dev.steward.agent.v1.InspectInstallationResponse;
import dev.steward.agent.v1.InspectedUnit;
import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryException;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.InventoryProblem;
import dev.steward.common.inventory.LoadedInventory;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.DurableFiles;
import dev.steward.coordinator.adopt.AdoptedInventoryYaml;
import dev.steward.coordinator.adopt.AdoptionDecider;
import dev.steward.coordinator.adopt.AdoptionDecider.Adoption;
import dev.steward.coordinator.adopt.AdoptionRefusedException;
import dev.steward.coordinator.adopt.InspectedHost;
import dev.steward.coordinator.adopt.Mismatch;
import dev.steward.coordinator.adopt.PendingChange;
import dev.steward.coordinator.adopt.ReproductionCheck;
import dev.steward.coordinator.agent.AgentCallException;
import dev.steward.coordinator.agent.AgentConnector;
import dev.steward.coordinator.agent.FanOutLimits;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.agent.PlaintextLoopbackConnector;
import dev.steward.coordinator.pki.EnrolledHost;
import dev.steward.coordinator.pki.PkiDirectory;
import dev.steward.coordinator.pki.PkiLocation;
import dev.steward.coordinator.pki.TlsAgentConnector;
import io.grpc.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "adopt", mixinStandardHelpOptions = true,
    description = {"Writes the inventory of a cluster built by hand following kafka-setup-guide.md, from what its "
        + "agents find on each host (the Kafka version under /opt/kafka, server.properties, zookeeper.properties, "
        + "myid, the data directories, the guide's systemd units). Reads only: nothing on any host is changed and "
        + "nothing is restarted. Prints the settings that differ between hosts and the changes Steward would make "
        + "(only `apply` makes them, through rolling restarts). See docs/adoption.md."},
    footer = {"", "Exit codes: 0 written, 1 an agent could not be asked (or the inventory would change a setting "
        + "nobody named: written, listed), 2 bad input or a cluster that cannot be adopted as it is (nothing "
        + "written, nothing changed)."})
final class AdoptCommand implements Callable<Integer> {

  private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

  @Spec
  CommandSpec spec;

  @Option(names = "--hosts", required = true, split = ",", paramLabel = "[NAME=]ADDRESS",
      description = "Every host of the cluster, as its agents are reached and as the inventory will name them. "
          + "Without NAME: the name the host was enrolled under at that address (TLS), else the address.")
  List<String> hosts;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "Where to write the inventory. An existing file is not replaced without --force.")
  Path output;

  @Option(names = "--force", description = "Replace an existing --output file.")
  boolean force;

  @Option(names = "--cluster", paramLabel = "NAME",
      description = "The cluster's name in the inventory (and the PKI's default place, ~/.steward/pki/NAME). "
          + "Default: the output file's name without .yaml when that is a valid name, else `adopted`.")
  String cluster;

  @Option(names = "--agent-port", defaultValue = "7443", paramLabel = "PORT",
      description = "The agents' port (${DEFAULT-VALUE}).")
  int agentPort;

  @Option(names = "--plaintext",
      description = "Call the agents without TLS: only agents on loopback addresses (a sandbox) accept that.")
  boolean plaintext;

  @Option(names = "--pki", paramLabel = "DIR",
      description = "The cluster's PKI directory (default ~/.steward/pki/<cluster>); the hosts must be enrolled.")
  Path pki;

  @Option(names = "--kafka-home", paramLabel = "PATH",
      description = "The Kafka installation (default /opt/kafka, the guide's).")
  String kafkaHome;

  @Option(names = "--server-properties", paramLabel = "PATH",
      description = "The brokers' configuration (default <kafka-home>/config/server.properties).")
  String serverProperties;

  @Option(names = "--zookeeper-properties", paramLabel = "PATH",
      description = "ZooKeeper's configuration (default <kafka-home>/config/zookeeper.properties).")
  String zookeeperProperties;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String clusterName = clusterName(cluster, output);
    if (Files.exists(output) && !force) {
      throw new ExitException(ExitCode.BAD_INPUT, "--output " + output + " exists: adopt does not replace an "
          + "inventory; give another file, or --force");
    }
    if (agentPort < 1 || agentPort > 65535) {
      throw new ExitException(ExitCode.BAD_INPUT, "--agent-port " + agentPort + " is not a port from 1 to 65535");
    }
    Optional<PkiDirectory> pkiDirectory = plaintext ? Optional.empty()
        : Optional.of(new PkiDirectory(PkiLocation.of(clusterName, Optional.ofNullable(pki))));
    List<HostSpec> targets = targets(hosts, agentPort, pkiDirectory.map(AdoptCommand::enrolledNames).orElse(Map.of()));
    if (plaintext) {
      targets.stream().filter(h -> !dev.steward.common.inventory.Addresses.isLoopback(h.address())).findFirst()
          .ifPresent(h -> {
            throw new ExitException(ExitCode.BAD_INPUT, "--plaintext: " + h.address() + " is not a loopback "
                + "address; agents elsewhere are called over mutual TLS only: drop --plaintext and enroll the hosts "
                + "(docs/security.md)");
          });
    }
    AgentConnector connector = connector(pkiDirectory);

    List<InspectedHost> inspected = inspect(targets, connector, request());
    Adoption adoption;
    try {
      adoption = AdoptionDecider.decide(clusterName, inspected, new AdoptionDecider.AgentSettings(agentPort,
          !plaintext));
    } catch (AdoptionRefusedException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "refusing to adopt: " + e.getMessage());
    }
    String yaml = AdoptedInventoryYaml.write(adoption.inventory(), adoption.mismatches(), adoption.pendingChanges());
    Inventory inventory = loadBack(yaml, err);
    List<ReproductionCheck.Unexplained> unexplained = ReproductionCheck.unexplained(inventory, inspected,
        adoption.pendingChanges());
    try {
      DurableFiles.write(output.toAbsolutePath(), yaml, DurableFiles.Mode.DEFAULT);
    } catch (IOException e) {
      throw new ExitException(ExitCode.FAILURE, "cannot write " + output + ": " + e.getMessage());
    }
    report(out, adoption, inspected, unexplained);
    return unexplained.isEmpty() ? ExitCode.OK : ExitCode.FAILURE;
  }

  private InspectInstallationRequest request() {
    InspectInstallationRequest.Builder request = InspectInstallationRequest.newBuilder();
    Optional.ofNullable(kafkaHome).ifPresent(request::setKafkaHome);
    Optional.ofNullable(serverProperties).ifPresent(request::setServerProperties);
    Optional.ofNullable(zookeeperProperties).ifPresent(request::setZookeeperProperties);
    return request.build();
  }

  /** Every host at once; a host that cannot be asked stops the adoption (an inventory without it would be wrong). */
  static List<InspectedHost> inspect(List<HostSpec> targets, AgentConnector connector,
      InspectInstallationRequest request) {
    try (Fleet fleet = new Fleet(targets, connector, FanOutLimits.DEFAULT)) {
      Map<HostSpec, Fleet.Outcome<InspectInstallationResponse>> outcomes = fleet.readEach(targets,
          agent -> agent.inspectInstallation(request));
      List<InspectedHost> inspected = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      boolean badRequest = false;
      for (var entry : outcomes.entrySet()) {
        if (entry.getValue().ok()) {
          inspected.add(new InspectedHost(entry.getKey().name(), entry.getKey().address(), entry.getValue().value()));
        } else {
          failures.add(entry.getValue().errorMessage());
          badRequest |= entry.getValue().error() instanceof AgentCallException call
              && call.status().getCode() == Status.Code.INVALID_ARGUMENT;
        }
      }
      if (!failures.isEmpty()) {
        throw new ExitException(badRequest ? ExitCode.BAD_INPUT : ExitCode.FAILURE, "cannot adopt without every "
            + "host's answer (nothing was written or changed):\n  " + String.join("\n  ", failures));
      }
      return inspected;
    }
  }

  /** The YAML read back by the parser every command uses: what is written is what plan and apply will load. */
  private static Inventory loadBack(String yaml, PrintWriter err) {
    try {
      LoadedInventory loaded = new InventoryLoader(ValidationOptions.strict()).parse(yaml, null, "the adopted "
          + "inventory");
      for (InventoryProblem warning : loaded.warnings()) {
        err.println("warning: " + warning);
      }
      return loaded.inventory();
    } catch (InventoryException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "refusing to adopt: Steward cannot manage the cluster as it is "
          + "built (nothing was written or changed):\n" + e.getMessage());
    }
  }

  private static void report(PrintWriter out, Adoption adoption, List<InspectedHost> inspected,
      List<ReproductionCheck.Unexplained> unexplained) {
    var inventory = adoption.inventory();
    out.println("adopted " + inventory.hosts().size() + " hosts of cluster " + inventory.cluster() + " (Kafka "
        + inventory.kafkaVersion() + "): inventory written; nothing on the hosts was changed or restarted");
    out.println("running now:");
    for (InspectedHost host : inspected) {
      List<String> units = new ArrayList<>();
      for (InspectedUnit unit : host.installation().getUnitsList()) {
        if (unit.getActiveState() != ServiceActiveState.SERVICE_ACTIVE_STATE_UNSPECIFIED) {
          units.add(unit.getName() + " " + unit.getActiveState().name().replace("SERVICE_ACTIVE_STATE_", "")
              .toLowerCase(java.util.Locale.ROOT) + (unit.getMainPid() > 0 ? " pid " + unit.getMainPid() : ""));
        }
      }
      out.println("  " + host.name() + "  " + (units.isEmpty() ? "(not under systemd)" : String.join(", ", units)));
    }
    out.println("mismatches between hosts:" + (adoption.mismatches().isEmpty() ? " none" : ""));
    for (Mismatch mismatch : adoption.mismatches()) {
      out.println("  " + mismatch.describe());
    }
    List<PendingChange> pending = adoption.pendingChanges().stream()
        .filter(c -> !c.name().equals(PendingChange.CONFIG_MISMATCH)).toList();
    out.println("pending changes (only `steward apply` makes them, restarting through the rolling restart):"
        + (pending.isEmpty() ? " none" : ""));
    for (PendingChange change : pending) {
      out.println("  " + change.name() + " [" + String.join(", ", change.hosts()) + "]: " + change.description());
    }
    List<String> notes = new ArrayList<>(adoption.notes());
    notes.addAll(AdoptionDecider.missingDirectories(inspected));
    for (String note : notes) {
      out.println("note: " + note);
    }
    if (!unexplained.isEmpty()) {
      out.println("Steward's rendering of this inventory would still change (not carried into the inventory; "
          + "check before apply):");
      unexplained.forEach(u -> out.println("  " + u));
    }
  }

  // ------------------------------------------------------------------ arguments

  static String clusterName(String given, Path output) {
    if (given != null) {
      if (!CLUSTER_NAME.matcher(given).matches()) {
        throw new ExitException(ExitCode.BAD_INPUT, "--cluster " + given + ": a cluster name is lower-case "
            + "letters, digits and '-', starting with a letter or digit, at most 63 characters");
      }
      return given;
    }
    String file = output.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return CLUSTER_NAME.matcher(file).matches() ? file : "adopted";
  }

  /** --hosts as inventory hosts; bare addresses take their enrolled name, else the address itself. */
  static List<HostSpec> targets(List<String> given, int agentPort, Map<String, String> enrolledNameByAddress) {
    List<HostSpec> targets = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Set<String> addresses = new LinkedHashSet<>();
    for (String entry : given) {
      String text = entry.strip();
      int eq = text.indexOf('=');
      String address = eq < 0 ? text : text.substring(eq + 1).strip();
      String name = eq < 0 ? enrolledNameByAddress.getOrDefault(address, address.replace(':', '-'))
          : text.substring(0, eq).strip();
      if (address.isEmpty()) {
        throw new ExitException(ExitCode.BAD_INPUT, "--hosts '" + entry + "': no address; give NAME=ADDRESS or "
            + "ADDRESS");
      }
      if (!HOST_NAME.matcher(name).matches()) {
        throw new ExitException(ExitCode.BAD_INPUT, "--hosts '" + entry + "': '" + name + "' is not a host name "
            + "(letters, digits, '.', '-'); give it as NAME=" + address);
      }
      if (!names.add(name.toLowerCase(java.util.Locale.ROOT)) || !addresses.add(address)) {
        throw new ExitException(ExitCode.BAD_INPUT, "--hosts '" + entry + "': that host is already given; name "
            + "each host once");
      }
      targets.add(new HostSpec(name, address, OptionalInt.empty(), OptionalInt.empty(), agentPort));
    }
    return targets;
  }

  private AgentConnector connector(Optional<PkiDirectory> pkiDirectory) {
    if (pkiDirectory.isEmpty()) {
      return new PlaintextLoopbackConnector();
    }
    try {
      return new TlsAgentConnector(pkiDirectory.get());
    } catch (PkiDirectory.NoPkiException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "no cluster CA in " + pkiDirectory.get().dir() + ": adopting "
          + "calls enrolled agents over TLS (docs/security.md); give the PKI with --pki or the cluster's name with "
          + "--cluster, or --plaintext for loopback agents");
    } catch (IOException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "cannot read the PKI in " + pkiDirectory.get().dir() + ": "
          + e.getMessage());
    }
  }

  private static Map<String, String> enrolledNames(PkiDirectory directory) {
    if (!directory.exists()) {
      return Map.of();
    }
    try {
      Map<String, String> byAddress = new java.util.HashMap<>();
      for (EnrolledHost host : directory.hosts().hosts()) {
        byAddress.put(host.address(), host.name());
      }
      return byAddress;
    } catch (IOException e) {
      return Map.of();
    }
  }
}
