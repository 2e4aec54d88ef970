package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryException;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.artifact.ArtifactResolver;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.cdc.PostgresTarget;
import dev.steward.coordinator.deploy.ApplyOptions;
import dev.steward.coordinator.sandbox.SandboxCdc;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.deploy.ApplyReportFormatter;
import dev.steward.coordinator.deploy.ApplyResult;
import dev.steward.coordinator.ensemble.EnsembleChangeCheck;
import dev.steward.coordinator.deploy.TimedStep;
import dev.steward.coordinator.gate.Gate;
import dev.steward.coordinator.gate.GateTimeoutException;
import dev.steward.coordinator.progress.Elapsed;
import dev.steward.coordinator.progress.Progress;
import dev.steward.coordinator.sandbox.AgentBenchmark;
import dev.steward.coordinator.sandbox.AgentBenchmarkReport;
import dev.steward.coordinator.sandbox.AgentBenchmarkResult;
import dev.steward.coordinator.sandbox.Sandbox;
import dev.steward.coordinator.sandbox.SandboxLayout;
import dev.steward.coordinator.status.StatusCollector;
import dev.steward.coordinator.status.StatusFormatter;
import dev.steward.coordinator.status.StatusReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = "A real 3-node ZooKeeper + Kafka cluster on this machine: three agents, one per loopback "
        + "address, deployed with the same `apply` as real hosts.",
    subcommands = {SandboxCommand.Up.class, SandboxCommand.Cdc.class, SandboxCommand.Status.class,
        SandboxCommand.Down.class, SandboxCommand.BenchmarkAgent.class})
final class SandboxCommand {

  /** Options every sandbox subcommand shares. */
  static final class DirOption {
    @Option(names = "--dir", paramLabel = "DIR", description = "Sandbox directory (default ~/.steward/sandbox).")
    Path dir;

    SandboxLayout layout() {
      return new SandboxLayout(dir == null ? SandboxLayout.defaultDir() : dir);
    }
  }

  static Inventory loadSandboxInventory(SandboxLayout layout) {
    return loadSandboxInventory(layout, ValidationOptions.strict());
  }

  static Inventory loadSandboxInventory(SandboxLayout layout, ValidationOptions validation) {
    if (!Files.exists(layout.inventory())) {
      throw new ExitException(ExitCode.BAD_INPUT, "no sandbox in " + layout.dir() + " (no inventory.yaml): run `steward sandbox up`"
          + (layout.dir().equals(SandboxLayout.defaultDir()) ? "" : " --dir " + layout.dir()));
    }
    try {
      return new InventoryLoader(validation).load(layout.inventory()).inventory();
    } catch (InventoryException e) {
      throw new ExitException(ExitCode.BAD_INPUT, e.getMessage());
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = {"Start the agents (three by default, on 127.0.1.1-3; --hosts N for up to 7), write "
          + "DIR/inventory.yaml, apply it, and wait until the cluster is healthy. Prints the status and how long each "
          + "phase took. An agent is started for every host the inventory lists, so hosts added to it start too.",
          "Re-running it is safe: running agents are reused and the apply only changes what differs."})
  static final class Up implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    DirOption dirOption = new DirOption();

    @Option(names = "--address-prefix", defaultValue = "127.0.1", paramLabel = "A.B.C",
        description = "Loopback /24 for the hosts: A.B.C.1-3 (${DEFAULT-VALUE}). Only used when DIR has no inventory yet.")
    String addressPrefix;

    @Option(names = "--kafka-version", defaultValue = "3.9.1",
        description = "Kafka version (${DEFAULT-VALUE}). Only used when DIR has no inventory yet.")
    String kafkaVersion;

    @Option(names = "--artifact", paramLabel = "TGZ",
        description = "Kafka distribution to deploy (default: the one bundled for --kafka-version). Only used when DIR "
            + "has no inventory yet.")
    Path artifactPath;

    @Option(names = "--hosts", defaultValue = "3", paramLabel = "N",
        description = {"How many hosts, 3 to 7 (${DEFAULT-VALUE}): h1..hN on A.B.C.1..N. h1-h3 run ZooKeeper and a "
            + "broker, h4 and later a broker only. Only used when DIR has no inventory yet; to grow an existing "
            + "sandbox, add hosts to DIR/inventory.yaml and run `sandbox up` again (docs/scaling.md)."})
    int hosts;

    @Option(names = "--no-smoke-test", description = "Skip the produce/consume check.")
    boolean noSmokeTest;

    @Option(names = "--connect-on-every-host", description = "Run a Kafka Connect worker on every host (the guide "
        + "runs one, on h1). Only used when DIR has no inventory yet.")
    boolean connectOnEveryHost;

    @Override
    public Integer call() throws IOException, InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      requireLoopbackPrefix(addressPrefix);
      if (hosts < SandboxLayout.HOSTS || hosts > SandboxLayout.MAX_HOSTS) {
        throw new ExitException(ExitCode.BAD_INPUT, "--hosts: " + hosts + " is out of range; give 3 to "
            + SandboxLayout.MAX_HOSTS + " (the ensemble is always h1-h3, the others are brokers only)");
      }
      SandboxLayout layout = dirOption.layout();
      long start = System.nanoTime();
      Sandbox sandbox;
      Inventory inventory;
      KafkaArtifact artifact;
      List<TimedStep> timings = new ArrayList<>();
      try (Progress progress = Progress.to(spec.commandLine().getErr(), Progress.isInteractiveTerminal())) {
        sandbox = new Sandbox(layout, progress);
        sandbox.writeInventory(kafkaVersion, addressPrefix, hosts,
            artifactPath != null ? Optional.of(artifactPath.toAbsolutePath()) : bundledArtifact(kafkaVersion),
            connectOnEveryHost);
        inventory = loadSandboxInventory(layout);
        artifact = ClusterSession.resolveArtifact(inventory);
        progress.phase("agents");
        long agentsStart = System.nanoTime();
        sandbox.startAgents(inventory);
        Duration agentsTook = Duration.ofNanos(System.nanoTime() - agentsStart);
        timings.add(new TimedStep("agents", agentsTook));
        progress.phaseDone("agents", agentsTook);
      } catch (IOException e) {
        throw new ExitException(ExitCode.FAILURE, "sandbox: " + e.getMessage());
      }
      ClusterSession.refuseRemovedBrokersWithReplicas(inventory, layout.inventory());
      // hosts added to the inventory with a zookeeperId join the running ensemble one at a time
      var ensemble = ClusterSession.ensembleChange(inventory, false);
      ApplyOptions options = new ApplyOptions(!noSmokeTest, 100);
      Optional<ApplyResult> membershipChanged = Optional.empty();
      if (ensemble.orElse(null) instanceof EnsembleChangeCheck.Change change) {
        spec.commandLine().getErr().println(change.description());
        membershipChanged = Optional.of(MembershipChangeApply.run(inventory, change, artifact,
            options.withEnsembleChecked(), layout.inventory(), false, spec.commandLine().getErr()));
      }
      try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), false)) {
        session.requireNoUnfinishedRollout(layout.inventory());
        ApplyResult result = membershipChanged.isPresent() ? membershipChanged.get()
            : session.deployer().apply(inventory, artifact, ensemble.isPresent() ? options.withEnsembleChecked() : options,
                session.pendingRestartRoller(layout.inventory()));
        timings.addAll(result.timings());
        if (!result.ok()) {
          session.progress.close();
          out.print(ApplyReportFormatter.text(result, false));
          out.println("sandbox directory: " + layout.dir());
          return ExitCode.FAILURE;
        }
        StatusReport report;
        long healthStart = System.nanoTime();
        try {
          report = new Gate(inventory.rollout().pollInterval()).await("cluster healthy",
              () -> new StatusCollector(inventory, session.fleet, session.cluster).collect(), StatusReport::healthy,
              r -> StatusFormatter.table(r).lines().filter(l -> l.startsWith("  ")).reduce("", (a, b) -> a + b.trim() + "; "),
              Duration.ofSeconds(90), session.progress);
        } catch (GateTimeoutException e) {
          report = new StatusCollector(inventory, session.fleet, session.cluster).collect();
        }
        timings.add(new TimedStep("healthy", Duration.ofNanos(System.nanoTime() - healthStart)));
        session.progress.close();
        out.print(StatusFormatter.table(report));
        result.smokeTest().ifPresent(smoke -> out.println(ApplyReportFormatter.smokeText(smoke)));
        out.println();
        out.println("phase timings:");
        for (TimedStep step : timings) {
          out.printf("  %-20s %s%n", step.name(), Elapsed.format(step.took()));
        }
        out.printf("  %-20s %s%n", "total", Elapsed.format(Duration.ofNanos(System.nanoTime() - start)));
        out.println();
        out.println("inventory: " + layout.inventory());
        out.println("bootstrap servers: " + inventory.bootstrapServers());
        if (inventory.connect().enabled()) {
          out.println("kafka connect REST: " + String.join(", ", LiveCluster.connectWorkers(inventory).values().stream()
              .map(Object::toString).toList()));
        }
        out.println("next: steward status -i " + layout.inventory() + "   |   steward sandbox down"
            + (dirOption.dir == null ? "" : " --dir " + layout.dir()));
        return report.healthy() ? ExitCode.OK : ExitCode.FAILURE;
      }
    }

  }

  static Optional<Path> bundledArtifact(String version) {
    return ArtifactResolver.defaultStewardHome()
        .map(home -> home.resolve("artifacts").resolve("kafka_2.13-" + version + ".tgz"))
        .filter(Files::isRegularFile)
        .map(Path::toAbsolutePath);
  }

  static void requireLoopbackPrefix(String addressPrefix) {
    if (!addressPrefix.matches("127\\.\\d{1,3}\\.\\d{1,3}")) {
      throw new ExitException(ExitCode.BAD_INPUT, "--address-prefix: " + addressPrefix
          + " is not a loopback /24 prefix; use three numbers starting with 127, e.g. 127.0.1");
    }
  }

  @Command(name = "cdc", mixinStandardHelpOptions = true,
      description = {"The guide's Debezium PostgreSQL CDC on the sandbox: starts a local PostgreSQL with logical "
          + "replication on h1's address (Debian's postgresql package), creates the guide's analytics_db, user_events "
          + "and cdc_user, adds the bundled Debezium plugin, the password (as a secret file) and the guide's connector "
          + "to the sandbox inventory, applies it, and prints how to watch rows arrive in cdc.user_events.",
          "Run `steward sandbox up` first. Re-running it is safe."})
  static final class Cdc implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    DirOption dirOption = new DirOption();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      SandboxLayout layout = dirOption.layout();
      Inventory inventory = loadSandboxInventory(layout);
      if (!inventory.connect().enabled()) {
        throw new ExitException(ExitCode.BAD_INPUT, "the sandbox inventory has no connect section: add one, e.g. "
            + "connect: {hosts: [h1]}");
      }
      Path plugin = ArtifactResolver.defaultStewardHome()
          .map(home -> home.resolve("artifacts").resolve("debezium-connector-postgres-3.2.3.Final-plugin.tar.gz"))
          .filter(Files::isRegularFile).map(Path::toAbsolutePath)
          .orElseThrow(() -> new ExitException(ExitCode.FAILURE, "the bundled Debezium plugin is missing from "
              + "Steward's artifacts/: build Steward with ./mvnw package"));
      SandboxCdc cdc = new SandboxCdc(layout);
      PostgresTarget target;
      try {
        target = cdc.startDatabase(inventory);
      } catch (RuntimeException e) {
        throw new ExitException(ExitCode.FAILURE, "PostgreSQL: " + Errors.rootMessage(e));
      }
      out.println("PostgreSQL: " + target + " (data in " + cdc.dataDir() + ")");
      if (cdc.extendInventory(inventory, plugin)) {
        out.println("added the Debezium plugin, the secret " + SandboxCdc.SECRET + " and the connector "
            + SandboxCdc.CONNECTOR + " to " + layout.inventory());
      }
      inventory = loadSandboxInventory(layout);
      KafkaArtifact artifact = ClusterSession.resolveArtifact(inventory);
      ClusterSession.refuseUnknownConnectorClasses(inventory, artifact);
      try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), false)) {
        session.requireNoUnfinishedRollout(layout.inventory());
        ApplyResult result = session.deployer().apply(inventory, artifact, new ApplyOptions(false, 0),
            session.pendingRestartRoller(layout.inventory()));
        session.progress.close();
        out.print(ApplyReportFormatter.text(result, false));
        if (!result.ok()) {
          return ExitCode.FAILURE;
        }
      }
      String kafkaBin = layout.hostRoot("h1").resolve("opt/kafka/bin").toString();
      out.println();
      out.println("CDC is running: user_events rows arrive in the topic cdc.user_events. Watch them:");
      out.println("  " + kafkaBin + "/kafka-console-consumer.sh --bootstrap-server " + inventory.bootstrapServers()
          + " --topic cdc.user_events --from-beginning");
      out.println("and insert one (the guide's fourth row) with psql (" + LocalPsql.path() + "):");
      out.println("  PGPASSWORD=$(cat " + cdc.secretFile(SandboxCdc.SECRET) + ") psql -h " + target.host() + " -U "
          + target.user() + " -d " + target.database());
      out.println("  INSERT INTO user_events (user_id, event_type, event_data) VALUES (1004, 'signup', "
          + "'{\"email\": \"test@example.com\"}');");
      out.println("connector: steward connect status -i " + layout.inventory());
      return ExitCode.OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "`steward status` on the sandbox's inventory. Exit code 0 healthy, 1 not.")
  static final class Status implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    DirOption dirOption = new DirOption();

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
    OutputFormat output;

    @Override
    public Integer call() {
      Inventory inventory = loadSandboxInventory(dirOption.layout());
      return StatusCommand.show(inventory, output, spec.commandLine().getOut());
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop the Connect workers, the brokers (one at a time), ZooKeeper, the agents and the sandbox's "
          + "PostgreSQL (`sandbox cdc`). The data stays.")
  static final class Down implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    DirOption dirOption = new DirOption();

    @Override
    public Integer call() {
      SandboxLayout layout = dirOption.layout();
      // stopping never depends on the ensemble's size: an even one (a shrink half done) stops too
      Inventory inventory = loadSandboxInventory(layout, new ValidationOptions(true));
      List<String> notes;
      try (Progress progress = Progress.to(spec.commandLine().getErr(), Progress.isInteractiveTerminal())) {
        notes = new Sandbox(layout, progress).stop(inventory);
        if (new SandboxCdc(layout).stopDatabase()) {
          progress.info("PostgreSQL stopped (its data stays)");
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      notes.forEach(note -> out.println("note: " + note));
      out.println("sandbox stopped; its data is kept in " + layout.dir()
          + " (`steward sandbox up` resumes it; delete the directory to start from scratch)");
      return ExitCode.OK;
    }
  }

  @Command(name = "benchmark-agent", mixinStandardHelpOptions = true,
      description = {"Measure what a steward-agent costs: brings up a sandbox of its own (in a new temporary "
          + "directory, on its own loopback addresses), starts the three agents one at a time, pushes the Kafka "
          + "distribution, deploys, waits idle, and prints per agent: startup (process start to serving), resident "
          + "memory just started, the peaks during the push and the deploy, resident memory idle (all of it, the "
          + "agent's own part, and its proportional share of the pages it shares with other JVMs) and CPU time idle. "
          + "The sandbox is stopped afterwards, also when a step fails; its directory is removed unless --dir was "
          + "given or the benchmark failed (then it holds the agents' logs).",
          "Exit codes: 0 measured, 1 a step failed, 2 bad input."})
  static final class BenchmarkAgent implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Sandbox directory; it must not exist yet, or be empty (default: a new temporary directory).")
    Path dir;

    @Option(names = "--address-prefix", defaultValue = "127.0.199", paramLabel = "A.B.C",
        description = "Loopback /24 for the hosts: A.B.C.1-3 (${DEFAULT-VALUE}, away from `sandbox up`'s).")
    String addressPrefix;

    @Option(names = "--kafka-version", defaultValue = "3.9.1", description = "Kafka version (${DEFAULT-VALUE}).")
    String kafkaVersion;

    @Option(names = "--artifact", paramLabel = "TGZ",
        description = "Kafka distribution to push (default: the one bundled for --kafka-version).")
    Path artifactPath;

    @Option(names = "--idle-seconds", defaultValue = "30", paramLabel = "N",
        description = "How long to count idle CPU time after the deploy (${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(names = "--settle-seconds", defaultValue = "5", paramLabel = "N",
        description = "Pause after the agents start and after the deploy before measuring (${DEFAULT-VALUE}).")
    int settleSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
      requireLoopbackPrefix(addressPrefix);
      if (idleSeconds < 1 || settleSeconds < 0) {
        throw new ExitException(ExitCode.BAD_INPUT, "--idle-seconds must be at least 1 and --settle-seconds at "
            + "least 0");
      }
      boolean temporary = dir == null;
      Path sandboxDir = temporary ? Files.createTempDirectory("steward-agent-benchmark-") : dir.toAbsolutePath();
      if (!temporary && Files.exists(sandboxDir) && !isEmptyDirectory(sandboxDir)) {
        throw new ExitException(ExitCode.BAD_INPUT, "--dir " + sandboxDir + " is not empty: the benchmark measures "
            + "a fresh sandbox (the distribution pushed and unpacked); give a new directory");
      }
      SandboxLayout layout = new SandboxLayout(sandboxDir);
      PrintWriter out = spec.commandLine().getOut();
      AgentBenchmarkResult result;
      try (Progress progress = Progress.to(spec.commandLine().getErr(), Progress.isInteractiveTerminal())) {
        Sandbox sandbox = new Sandbox(layout, progress);
        sandbox.writeInventory(kafkaVersion, addressPrefix,
            artifactPath != null ? Optional.of(artifactPath.toAbsolutePath()) : bundledArtifact(kafkaVersion), false);
        Inventory inventory = loadSandboxInventory(layout);
        KafkaArtifact artifact = ClusterSession.resolveArtifact(inventory);
        AgentBenchmark benchmark = new AgentBenchmark(layout, progress,
            new AgentBenchmark.Timing(Duration.ofSeconds(settleSeconds), Duration.ofSeconds(idleSeconds)));
        result = benchmark.run(inventory, artifact, deployed -> deploy(deployed, layout));
      } catch (AgentBenchmark.BenchmarkException e) {
        throw new ExitException(ExitCode.FAILURE, "benchmark-agent: " + e.getMessage()
            + "\nthe sandbox was stopped; its directory (agent logs in run/): " + sandboxDir);
      }
      out.print(AgentBenchmarkReport.text(result));
      if (temporary) {
        layout.deleteAll();
      } else {
        out.println("sandbox directory: " + sandboxDir);
      }
      return ExitCode.OK;
    }

    /** `sandbox up`'s apply, without the smoke test: what the agents do on a deploy. */
    private Optional<String> deploy(Inventory inventory, SandboxLayout layout) {
      try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), false)) {
        ApplyResult result = session.deployer().apply(inventory, ClusterSession.resolveArtifact(inventory),
            new ApplyOptions(false, 0), session.pendingRestartRoller(layout.inventory()));
        return result.ok() ? Optional.empty() : Optional.of(ApplyReportFormatter.text(result, false));
      }
    }

    private static boolean isEmptyDirectory(Path path) throws IOException {
      if (!Files.isDirectory(path)) {
        return false;
      }
      try (var entries = Files.list(path)) {
        return entries.findAny().isEmpty();
      }
    }
  }
}
