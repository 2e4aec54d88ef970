package dev.steward.coordinator.cli;

import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.common.inventory.ArtifactSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.ConnectService;
import dev.steward.common.service.Services;
import dev.steward.common.inventory.KafkaVersion;
import dev.steward.coordinator.artifact.ArtifactException;
import dev.steward.coordinator.artifact.ArtifactResolver;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.rollout.MembersAsPlanned;
import dev.steward.coordinator.rollout.RollingRestart;
import dev.steward.coordinator.rollout.RolloutReport;
import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.RolloutStore;
import dev.steward.coordinator.rollout.journal.JournalSnapshot;
import dev.steward.coordinator.rollout.journal.JournalStatusText;
import dev.steward.coordinator.rollout.Rollouts;
import dev.steward.coordinator.rollout.UpgradePhases;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rollout", mixinStandardHelpOptions = true,
    description = "Quorum-safe rolling restarts and rolling upgrades: one node at a time, ZooKeeper before Kafka, "
        + "behind health gates, journaled and resumable.",
    subcommands = {RolloutCommand.Restart.class, RolloutCommand.Upgrade.class, RolloutCommand.Status.class,
        RolloutCommand.Resume.class, RolloutCommand.Abort.class, RolloutCommand.Benchmark.class})
final class RolloutCommand {

  /** Options every rollout subcommand shares. */
  static final class Common {
    @Mixin
    InventoryOptions inventory = new InventoryOptions();

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (${DEFAULT-VALUE})")
    OutputFormat output;
  }

  /** What a rollout subcommand does once the inventory is loaded and the cluster session open. */
  @FunctionalInterface
  interface RolloutWork {
    int run(Inventory inventory, ClusterSession session, Rollouts rollouts) throws Exception;
  }

  /**
   * Loads the inventory (bad input: exit 2), opens the session, runs {@code work}; a rollout
   * refused (another one running, none to resume) ends the command with exit 1.
   */
  static int withRollouts(CommandSpec spec, Common common, boolean quiet, RolloutWork work) throws Exception {
    Inventory inventory = common.inventory.load(spec.commandLine().getErr()).inventory();
    try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), quiet)) {
      return work.run(inventory, session, session.rollouts(common.inventory.file));
    } catch (Rollouts.RefusedException e) {
      throw new ExitException(ExitCode.FAILURE, e.getMessage());
    }
  }

  static int report(Common common, PrintWriter out, RollingRestart.Outcome outcome) {
    out.print(common.output == OutputFormat.json
        ? RolloutReport.jsonText(outcome.state(), System.currentTimeMillis()) + "\n"
        : RolloutReport.text(outcome.state(), System.currentTimeMillis()));
    if (!outcome.completed()) {
      out.println(outcome.message());
    }
    return outcome.completed() ? ExitCode.OK : ExitCode.FAILURE;
  }

  @Command(name = "restart", mixinStandardHelpOptions = true,
      description = {"Restart services one node at a time: ZooKeeper followers, then its leader; then brokers that are "
          + "down, the others, and the active controller last; then the Kafka Connect workers, one at a time. Each "
          + "restart waits for the cluster to allow it (a synced ensemble; every partition keeping "
          + "min.insync.replicas; every worker healthy) and for the node to be ready again (a worker: back in the "
          + "group with every connector and task that ran before running again).",
          "Exit code: 0 done, 1 halted (resumable) or refused, 2 bad input."})
  static final class Restart implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Common common = new Common();

    @Option(names = "--service", defaultValue = "all",
        description = "zookeeper, kafka, connect (kafka-connect) or all (${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--hosts", split = ",", paramLabel = "HOST", description = "Only these hosts (default: every host).")
    List<String> hosts = List.of();

    @Option(names = "--dry-run", description = "Print the ordered steps with the gate before and after each; change nothing.")
    boolean dryRun;

    @Option(names = "--allow-unavailable", split = ",", paramLabel = "TOPIC",
        description = "Accept that these topics (replication factor <= min.insync.replicas) are briefly unavailable.")
    List<String> allowUnavailable = List.of();

    @Override
    public Integer call() throws IOException, InterruptedException {
      Inventory inventory = common.inventory.load(spec.commandLine().getErr()).inventory();
      Set<String> services = switch (service) {
        case "all" -> Set.copyOf(Services.names());
        case "connect" -> Set.of(ConnectService.NAME);
        default -> {
          if (Services.byName(service).isEmpty()) {
            throw new ExitException(ExitCode.BAD_INPUT, "--service: " + service
                + " is not a service; use zookeeper, kafka, connect or all");
          }
          yield Set.of(service);
        }
      };
      for (String host : hosts) {
        if (inventory.host(host).isEmpty()) {
          throw new ExitException(ExitCode.BAD_INPUT, "--hosts: " + host + " is not a host of the inventory ("
              + inventory.hosts().stream().map(h -> h.name()).collect(Collectors.joining(", ")) + ")");
        }
      }
      try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), dryRun)) {
        Rollouts rollouts = session.rollouts(common.inventory.file);
        RolloutState state = rollouts.newRestart(new Rollouts.RestartOptions(services, Set.copyOf(hosts),
            Set.copyOf(allowUnavailable), RestartReasonKind.RESTART_REASON_KIND_MANUAL));
        if (dryRun) {
          spec.commandLine().getOut().print(rollouts.preview(state));
          return ExitCode.OK;
        }
        RollingRestart.Outcome outcome = rollouts.start(state);
        session.progress.close();
        return report(common, spec.commandLine().getOut(), outcome);
      } catch (Rollouts.RefusedException e) {
        throw new ExitException(ExitCode.FAILURE, e.getMessage());
      }
    }
  }

  @Command(name = "upgrade", mixinStandardHelpOptions = true,
      description = {"Rolling upgrade (ZooKeeper mode, Kafka 3.x). Phase 1: host by host, install the new version with "
          + "inter.broker.protocol.version pinned to the lowest version running, and restart ZooKeeper then each broker. "
          + "Phase 2, only with --yes: unpin the protocol and roll the brokers again. Phase 2 is the point of no "
          + "return: brokers can no longer be downgraded afterwards.",
          "The inventory file is updated as phases complete (version, protocol pin), so `apply` keeps what runs.",
          "Exit code: 0 done (or phase 1 done and waiting for --yes), 1 halted or refused, 2 bad input."})
  static final class Upgrade implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Common common = new Common();

    @Option(names = "--kafka-version", required = true, description = "The Kafka version to upgrade to, e.g. 3.9.1.")
    String version;

    @Option(names = "--artifact", paramLabel = "TGZ",
        description = "The distribution of that version (default: $STEWARD_HOME/artifacts/kafka_<scala>-<version>.tgz).")
    Path artifactPath;

    @Option(names = "--sha512", description = "Its SHA-512 (default: the .sha512 file beside it).")
    String sha512;

    @Option(names = "--dry-run", description = "Print the ordered steps; change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Also bump inter.broker.protocol.version (phase 2, the point of no return).")
    boolean yes;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Inventory inventory = common.inventory.load(spec.commandLine().getErr()).inventory();
      KafkaVersion target = parseTarget();
      KafkaArtifact artifact = resolveArtifact(inventory, target);
      PrintWriter out = spec.commandLine().getOut();
      try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), dryRun)) {
        UpgradePhases phases = new UpgradePhases(session.rollouts(common.inventory.file), inventory, target, artifact,
            new UpgradePhases.Narrator(out::println, out::print, outcome -> {
              session.progress.close();
              report(common, out, outcome);
            }));
        if (dryRun) {
          phases.preview(yes);
          return ExitCode.OK;
        }
        return phases.run(yes) == UpgradePhases.Result.FAILED ? ExitCode.FAILURE : ExitCode.OK;
      } catch (UpgradePhases.DowngradeException e) {
        throw new ExitException(ExitCode.BAD_INPUT, "--kafka-version: " + e.getMessage());
      } catch (Rollouts.RefusedException e) {
        throw new ExitException(ExitCode.FAILURE, e.getMessage());
      }
    }

    private KafkaVersion parseTarget() {
      KafkaVersion target;
      try {
        target = KafkaVersion.parse(version);
      } catch (IllegalArgumentException e) {
        throw new ExitException(ExitCode.BAD_INPUT, "--kafka-version: " + e.getMessage());
      }
      if (!target.supportsZooKeeperMode()) {
        throw new ExitException(ExitCode.BAD_INPUT, "--kafka-version: Kafka " + target + " has no ZooKeeper mode (Kafka 4.0 "
            + "removed it). This cluster runs on ZooKeeper: migrate it to KRaft on Kafka 3.9 first (KIP-866), then "
            + "upgrade to 4.x");
      }
      return target;
    }

    private KafkaArtifact resolveArtifact(Inventory inventory, KafkaVersion target) {
      Optional<ArtifactSpec> spec = artifactPath == null ? Optional.empty()
          : Optional.of(new ArtifactSpec(artifactPath.toAbsolutePath(), Optional.ofNullable(sha512)));
      try {
        return new ArtifactResolver(ArtifactResolver.defaultStewardHome())
            .resolve(inventory.kafka().withVersion(target, spec));
      } catch (ArtifactException e) {
        throw new ExitException(ExitCode.BAD_INPUT, "--artifact: " + e.getMessage() + "; " + e.fix());
      }
    }
  }

  @Command(name = "benchmark", mixinStandardHelpOptions = true,
      description = {"Measure a full rolling restart (ZooKeeper, then Kafka) under a steady load: total time, the part "
          + "spent in the services themselves (stop, start, catch-up), preferred-leader elections, Steward's own "
          + "overhead (decisions, gates, RPCs), how fast readiness was noticed, and what the clients saw (records "
          + "lost, duplicated, produce latency).",
          "Exit code: 0 the rollout completed and nothing was lost or duplicated; 1 otherwise."})
  static final class Benchmark implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Common common = new Common();

    @Option(names = "--rate", defaultValue = "200", description = "Load: records per second (${DEFAULT-VALUE}).")
    int rate;

    @Override
    public Integer call() throws Exception {
      Inventory inventory = common.inventory.load(spec.commandLine().getErr()).inventory();
      PrintWriter out = spec.commandLine().getOut();
      try (ClusterSession session = ClusterSession.open(inventory, spec.commandLine().getErr(), false);
           dev.steward.coordinator.loadcheck.LoadChecker load = new dev.steward.coordinator.loadcheck.LoadChecker(
               inventory.bootstrapServers(), "steward-benchmark", rate)) {
        Rollouts rollouts = session.rollouts(common.inventory.file);
        // ZooKeeper rolls first: the Kafka clients are opened while its first node restarts
        rollouts.warmUp(false);
        load.start(inventory.brokerHosts().size());
        Thread.sleep(3000);
        RolloutState state = rollouts.newRestart(new Rollouts.RestartOptions(Set.of("zookeeper", "kafka"), Set.of(),
            Set.of(), RestartReasonKind.RESTART_REASON_KIND_MANUAL));
        RollingRestart.Outcome outcome = rollouts.start(state);
        Thread.sleep(3000);
        var loadResult = load.stop(java.time.Duration.ofSeconds(120));
        session.progress.close();
        out.print(RolloutReport.text(outcome.state(), System.currentTimeMillis()));
        out.println("clients: " + loadResult.describe());
        return outcome.completed() && loadResult.lost() == 0 && loadResult.duplicated() == 0
            ? ExitCode.OK : ExitCode.FAILURE;
      } catch (Rollouts.RefusedException e) {
        throw new ExitException(ExitCode.FAILURE, e.getMessage());
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Show the current (or last) rollout of the cluster: its steps, how it ended, where the time went, "
          + "and who holds the rollout lock. Read from the cluster's ZooKeeper, so any machine sees the same; when "
          + "ZooKeeper does not answer, from this machine's copy (and it says so).",
          "A rollout that says RUNNING while nobody holds the lock lost its coordinator: resume it.",
          "Exit code: 0 (whatever the rollout's state), 1 the journal could not be read, 2 bad input."})
  static final class Status implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Common common = new Common();

    @Override
    public Integer call() throws IOException {
      Inventory inventory = common.inventory.load(spec.commandLine().getErr()).inventory();
      PrintWriter out = spec.commandLine().getOut();
      JournalSnapshot snapshot;
      try (RolloutStore store = RolloutStore.forInventory(inventory)) {
        snapshot = store.snapshot();
      }
      if (snapshot.last().isEmpty()) {
        JournalStatusText.sourceNote(snapshot).ifPresent(spec.commandLine().getErr()::println);
        out.println("no rollout of cluster " + inventory.cluster() + " yet");
        return ExitCode.OK;
      }
      RolloutState last = snapshot.last().get();
      if (common.output == OutputFormat.json) {
        var json = RolloutReport.json(last, System.currentTimeMillis());
        JournalStatusText.addTo(json, snapshot);
        out.println(json.toPrettyString());
        return ExitCode.OK;
      }
      JournalStatusText.sourceNote(snapshot).ifPresent(out::println);
      out.print(RolloutReport.text(last, System.currentTimeMillis()));
      JournalStatusText.lockLines(snapshot, common.inventory.file.toString()).forEach(out::println);
      return ExitCode.OK;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = {"Continue the unfinished rollout where it stopped: the step in flight is finished first (never "
          + "repeated), then the remaining nodes, behind the same gates, with the ZooKeeper members the rollout was "
          + "planned with (after a halt in a membership change's first part, the members that ran then).",
          "Exit code: 0 done, 1 halted (resumable) or refused (another coordinator holds the lock), 2 bad input."})
  static final class Resume implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Common common = new Common();

    @Option(names = "--take-over", description = "Take the rollout lock away from the coordinator holding it even "
        + "though it is still alive (it is stuck, or its operator is away); it can write no more of the journal. "
        + "A coordinator that died loses the lock by itself, with its ZooKeeper session.")
    boolean takeOver;

    @Override
    public Integer call() throws Exception {
      return withRollouts(spec, common, false, (inventory, session, rollouts) -> {
        Optional<RolloutState> unfinished = rollouts.unfinished();
        Optional<Inventory> asPlanned = unfinished.flatMap(state -> MembersAsPlanned.inventoryToResume(inventory, state));
        if (asPlanned.isEmpty()) {
          return resume(session, rollouts);
        }
        // a membership change's first part: its gates must wait for the members it rolls, not the inventory's
        session.progress.info("rollout " + unfinished.get().id() + " was planned with the ZooKeeper members "
            + MembersAsPlanned.describe(unfinished.get().zookeeperMembers()) + ", the inventory names "
            + MembersAsPlanned.describe(MembersAsPlanned.of(inventory)) + ": resuming with the members it was "
            + "planned with (docs/scaling.md)");
        session.progress.close();
        try (ClusterSession planned = ClusterSession.open(asPlanned.get(), spec.commandLine().getErr(), false)) {
          return resume(planned, planned.rollouts(common.inventory.file));
        }
      });
    }

    private int resume(ClusterSession session, Rollouts rollouts) throws Exception {
      RollingRestart.Outcome outcome = rollouts.resume(takeOver);
      session.progress.close();
      return report(common, spec.commandLine().getOut(), outcome);
    }
  }

  @Command(name = "abort", mixinStandardHelpOptions = true,
      description = "Give up the unfinished rollout. Nodes already restarted stay as they are; nothing is undone.")
  static final class Abort implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Common common = new Common();

    @Override
    public Integer call() throws Exception {
      return withRollouts(spec, common, true, (inventory, session, rollouts) -> {
        RolloutState aborted = rollouts.abort();
        spec.commandLine().getOut().print(RolloutReport.text(aborted, System.currentTimeMillis()));
        return ExitCode.OK;
      });
    }
  }
}
