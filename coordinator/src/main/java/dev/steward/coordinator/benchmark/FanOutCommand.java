package dev.steward.coordinator.benchmark;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.agent.AgentConnector;
import dev.steward.coordinator.agent.FanOutLimits;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.ApplyReportFormatter;
import dev.steward.coordinator.deploy.ApplyResult;
import dev.steward.coordinator.deploy.Deployer;
import dev.steward.coordinator.deploy.HostPhaseResult;
import dev.steward.coordinator.deploy.TimedStep;
import dev.steward.coordinator.preflight.HostCheck;
import dev.steward.coordinator.preflight.PreflightReport;
import dev.steward.coordinator.preflight.PreflightRunner;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.progress.Progress;
import dev.steward.coordinator.status.HostStatus;
import dev.steward.coordinator.status.StatusCollector;
import dev.steward.coordinator.status.StatusFormatter;
import dev.steward.coordinator.status.StatusReport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The commands the benchmark times, each the way its CLI command runs it (a fresh fleet, so fresh
 * connections to every agent, and its text output rendered), and what each told about the hosts;
 * first a bare health check, to tell the fan-out's own cost from the agents' work.
 */
enum FanOutCommand {

  /** Every agent's gRPC health check: the fan-out itself, with no work behind it on the agents. */
  HEALTH("health") {
    @Override
    Answers run(Inventory inventory, AgentConnector connector, KafkaArtifact artifact) {
      try (Fleet fleet = new Fleet(inventory, connector)) {
        Map<HostSpec, Fleet.Outcome<Boolean>> serving = fleet.readEach(inventory.hosts(),
            agent -> agent.isServing(FanOutLimits.READ_DEADLINE));
        SortedSet<String> down = serving.entrySet().stream().filter(e -> !e.getValue().ok() || !e.getValue().value())
            .map(e -> e.getKey().name()).collect(Collectors.toCollection(TreeSet::new));
        return new Answers(inventory.hosts().size(), down, Optional.empty(), List.of());
      }
    }
  },

  STATUS("status") {
    @Override
    Answers run(Inventory inventory, AgentConnector connector, KafkaArtifact artifact) {
      try (Fleet fleet = new Fleet(inventory, connector); LiveCluster cluster = new LiveCluster(inventory, fleet)) {
        StatusReport report = new StatusCollector(inventory, fleet, cluster).collect();
        StatusFormatter.table(report);
        SortedSet<String> down = report.hosts().stream().filter(host -> !host.agentUp()).map(HostStatus::name)
            .collect(Collectors.toCollection(TreeSet::new));
        return new Answers(inventory.hosts().size(), down, report.cluster().kafkaError(), List.of());
      }
    }
  },

  PREFLIGHT("preflight") {
    @Override
    Answers run(Inventory inventory, AgentConnector connector, KafkaArtifact artifact) {
      try (Fleet fleet = new Fleet(inventory, connector)) {
        PreflightReport report = new PreflightRunner(fleet, Clock.systemUTC()).run(inventory);
        report.table();
        SortedSet<String> down = report.failures().stream().filter(check -> check.name().equals("agent"))
            .map(HostCheck::host).collect(Collectors.toCollection(TreeSet::new));
        List<String> failedChecks = report.failures().stream().filter(check -> !check.name().equals("agent"))
            .map(check -> check.host() + " " + check.name()).toList();
        Optional<String> note = failedChecks.isEmpty() ? Optional.empty()
            : Optional.of("failed checks: " + String.join(", ", failedChecks.subList(0, Math.min(5, failedChecks.size())))
                + (failedChecks.size() > 5 ? " and " + (failedChecks.size() - 5) + " more" : ""));
        return new Answers(inventory.hosts().size(), down, note, List.of());
      }
    }
  },

  PLAN("plan") {
    @Override
    Answers run(Inventory inventory, AgentConnector connector, KafkaArtifact artifact) {
      try (Fleet fleet = new Fleet(inventory, connector); LiveCluster cluster = new LiveCluster(inventory, fleet)) {
        ApplyResult result = new Deployer(fleet, cluster, Progress.silent(), Clock.systemUTC()).plan(inventory, artifact);
        ApplyReportFormatter.text(result, true);
        SortedSet<String> down = new TreeSet<>();
        result.phases().stream().flatMap(phase -> phase.hosts().stream()).filter(host -> host.error() != null)
            .map(HostPhaseResult::host).forEach(down::add);
        // a host plan could not reach before any phase is named in its failure, one line each
        result.failure().ifPresent(text -> inventory.hosts().stream().map(HostSpec::name)
            .filter(name -> text.contains("\n  " + name + ": ")).forEach(down::add));
        return new Answers(inventory.hosts().size(), down, result.failure().map(FanOutCommand::oneLine), result.timings());
      }
    }
  };

  private static final int NOTE_LENGTH = 240;

  private final String label;

  FanOutCommand(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** A multi-line failure (one line per host) as one line, cut short when long. */
  static String oneLine(String text) {
    String line = String.join(" ", text.lines().map(String::strip).toList());
    return line.length() <= NOTE_LENGTH ? line : line.substring(0, NOTE_LENGTH) + "...";
  }

  abstract Answers run(Inventory inventory, AgentConnector connector, KafkaArtifact artifact);

  /**
   * What one run told about the hosts.
   *
   * @param down the hosts it reported as not answering
   * @param note what it said about the cluster beyond the hosts, if anything (why plan stopped, what
   *     status could not read)
   * @param steps where the time went, for the commands that time their steps (plan)
   */
  record Answers(int hosts, SortedSet<String> down, Optional<String> note, List<TimedStep> steps) {

    int answered() {
      return hosts - down.size();
    }
  }
}
