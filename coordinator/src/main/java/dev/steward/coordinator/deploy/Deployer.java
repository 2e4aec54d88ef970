package dev.steward.coordinator.deploy;

import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.HostFacts;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.RestartReason;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.KafkaVersion;
import dev.steward.common.state.DesiredStateBuilder;
import dev.steward.common.state.HostDesiredState;
import dev.steward.common.state.HostLayout;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.agent.OperationIds;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.gate.Gate;
import dev.steward.coordinator.gate.GateTimeoutException;
import dev.steward.coordinator.preflight.PreflightReport;
import dev.steward.coordinator.preflight.PreflightRunner;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.RunningVersions;
import dev.steward.coordinator.progress.Progress;
import dev.steward.coordinator.smoke.SmokeTestResult;
import java.time.Clock;
import java.time.Duration;
import dev.steward.common.service.ServiceDescriptor;
import dev.steward.common.service.Services;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.service.Readiness;
import dev.steward.coordinator.service.ServiceGates;
import dev.steward.common.inventory.PluginSpec;
import dev.steward.common.service.ConnectSecrets;
import dev.steward.common.state.SecretValues;
import dev.steward.coordinator.connect.ConnectAuditLog;
import dev.steward.coordinator.connect.ConnectRestClient;
import dev.steward.coordinator.connect.ConnectorReconciler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Converges a cluster to its inventory: preflight every host, ship the Kafka distribution (and
 * Connect plugins), then the base resources everywhere, then each service of
 * {@link Services#all()} in start order, each behind the readiness gate of the one before
 * ({@link ServiceGates}): ZooKeeper, then Kafka once the ensemble has a fully synced quorum,
 * then Connect once every broker is registered. {@link #plan} walks the same path without
 * changing anything.
 *
 * <p>Nothing here restarts a running service: resources only report restart reasons, and
 * those are handed to the rolling restart, which is quorum- and ISR-safe.
 */
public final class Deployer {

  /** How the deployer sees the cluster's health between phases. */
  public interface ClusterObserver {

    EnsembleSnapshot ensemble();

    /** Broker ids currently registered in ZooKeeper; throws when ZooKeeper cannot be read. */
    Set<Integer> registeredBrokers();

    /** The Connect workers and their connectors, as their REST APIs answer now. */
    ConnectClusterSnapshot connect();

    /** The replication factor of each of {@code topics} that exists; throws when Kafka cannot be read. */
    Map<String, Integer> replicationFactors(Collection<String> topics);

    /** The guide's Step 8 produce/consume check. */
    SmokeTestResult smokeTest(int brokerCount, int records);
  }

  /**
   * Restarts, through the rolling restart, the services an apply left running with stale
   * config or binaries.
   */
  @FunctionalInterface
  public interface PendingRestartRoller {

    /** @return empty when every pending restart was rolled, else why the roll stopped */
    Optional<String> roll(Map<String, List<RestartReason>> pending);
  }

  private final Fleet fleet;
  private final ClusterObserver observer;
  private final Progress progress;
  private final Clock clock;
  private final java.util.function.Supplier<SecretValues> secrets;
  private final ConnectorPrecheck precheck;
  private final DesiredStateBuilder desiredState = new DesiredStateBuilder();

  /** The phase every host converges first: user, packages, Java, directories, binaries, sysctl, firewall. */
  static final String BASE_PHASE = "base";

  public Deployer(Fleet fleet, ClusterObserver observer, Progress progress, Clock clock) {
    this(fleet, observer, progress, clock, () -> SecretValues.NONE, ConnectorPrecheck.NONE);
  }

  /**
   * @param secrets the inventory's secrets, read when a desired state is first built (a rolling
   *     restart, which builds none, never needs them)
   * @param precheck what must hold before a connector is created or changed (the source database)
   */
  public Deployer(Fleet fleet, ClusterObserver observer, Progress progress, Clock clock,
      java.util.function.Supplier<SecretValues> secrets,
      ConnectorPrecheck precheck) {
    this.fleet = fleet;
    this.observer = observer;
    this.progress = progress;
    this.clock = clock;
    this.secrets = memoized(secrets);
    this.precheck = precheck;
  }

  /** What {@link #apply} would change, per host and phase. Changes nothing anywhere. */
  public ApplyResult plan(Inventory inventory, KafkaArtifact artifact) {
    return plan(inventory, artifact, false);
  }

  /**
   * @param ensembleChecked the running membership was decided on before ({@link ApplyOptions#ensembleChecked})
   */
  public ApplyResult plan(Inventory inventory, KafkaArtifact artifact, boolean ensembleChecked) {
    Run run = new Run(true);
    try {
      List<HostTarget> targets = run.timed("facts", () -> gatherTargets(inventory, artifact));
      refuseVersionChange(inventory);
      if (!ensembleChecked) {
        refuseMembershipChange(inventory);
      }
      PreflightReport preflight = run.timed("preflight", () -> new PreflightRunner(fleet, clock).run(inventory));
      run.preflight = Optional.of(preflight);
      run.converge(BASE_PHASE, targets, true);
      for (ServiceDescriptor service : Services.all()) {
        run.converge(service.name(), targets, true);
      }
      if (!inventory.managedConnectors().isEmpty()) {
        run.connectorChanges = run.timed("connectors",
            () -> stopOnFailure("connectors", () -> planConnectors(inventory, targets)));
      }
      return run.finish(preflight.passed() ? Optional.empty()
          : Optional.of("preflight would fail: " + describeFailures(preflight)));
    } catch (StopException e) {
      return run.finish(Optional.of(e.getMessage()));
    }
  }

  /** Brings the cluster to the inventory's state; see the class comment for the order. */
  public ApplyResult apply(Inventory inventory, KafkaArtifact artifact, ApplyOptions options) {
    return apply(inventory, artifact, options, pending -> Optional.empty());
  }

  /** {@link #apply}, then rolls the services left with stale inputs through {@code roller}. */
  public ApplyResult apply(Inventory inventory, KafkaArtifact artifact, ApplyOptions options,
      PendingRestartRoller roller) {
    Run run = new Run(false);
    try {
      List<HostTarget> targets = run.timed("facts", () -> gatherTargets(inventory, artifact));
      refuseVersionChange(inventory);
      if (!options.ensembleChecked()) {
        refuseMembershipChange(inventory);
      }
      PreflightReport preflight = run.timed("preflight", () -> new PreflightRunner(fleet, clock).run(inventory));
      run.preflight = Optional.of(preflight);
      if (!preflight.passed()) {
        throw new StopException("preflight failed, nothing was changed: " + describeFailures(preflight));
      }
      run.timed("artifact", () -> push(hosts(targets), artifact.file(), artifact.sha512()));
      if (!inventory.connect().plugins().isEmpty()) {
        run.timed("connect plugins", () -> pushPlugins(inventory, targets));
      }
      run.converge(BASE_PHASE, targets, false);
      for (ServiceDescriptor service : Services.all()) {
        if (service.hosts(inventory).isEmpty()) {
          continue;
        }
        // every service starts only once those before it are healthy cluster-wide
        run.converge(service.name(), targets, false);
        ServiceGates.Gate gate = ServiceGates.of(service.name(), inventory, observer);
        run.timed(gate.name(), () -> await(gate, inventory));
      }

      Map<String, List<RestartReason>> stale = run.pendingRestartsNow();
      if (!stale.isEmpty()) {
        Optional<String> rollFailure = run.timed("rolling restart", () -> roller.roll(stale));
        if (rollFailure.isPresent()) {
          throw new StopException(rollFailure.get());
        }
        run.pendingRestarts.clear();
        run.refreshPendingRestarts(inventory, targets);
      }
      // after the roll: a worker restarted onto a new plugin is what a new connector class needs
      if (!inventory.managedConnectors().isEmpty() || options.pruneConnectors()) {
        run.connectorChanges = run.timed("connectors",
            () -> stopOnFailure("connectors", () -> reconcileConnectors(inventory, targets, options.pruneConnectors())));
      }

      if (options.smokeTest()) {
        SmokeTestResult smoke = run.timed("smoke test",
            () -> observer.smokeTest(inventory.brokerHosts().size(), options.smokeRecords()));
        run.smokeTest = Optional.of(smoke);
        if (!smoke.passed()) {
          throw new StopException("smoke test failed on topic " + smoke.topic() + ": " + smoke.error());
        }
      }
      return run.finish(Optional.empty());
    } catch (StopException e) {
      return run.finish(Optional.of(e.getMessage()));
    }
  }

  /**
   * Brings one host to the inventory's state (binaries, configs, units) without restarting
   * anything: the rolling upgrade's per-host step, so hosts not yet reached keep their version.
   *
   * @throws IllegalStateException when a resource fails or the agent cannot be reached
   */
  public List<HostPhaseResult> convergeHost(Inventory inventory, HostSpec host, KafkaArtifact artifact,
      String operationId) {
    AgentClient agent = fleet.agent(host);
    HostFacts facts = agent.facts(List.of());
    HostLayout layout = new HostLayout(facts.getHostRoot().isEmpty() ? "/" : facts.getHostRoot());
    HostDesiredState desired = desiredState.build(inventory, host, layout, artifact.sha512(), secrets.get());
    if (!agent.hasArtifact(artifact.sha512())) {
      progress.step(host.name(), "uploading " + artifact.file().getFileName());
      agent.pushArtifact(artifact.file(), artifact.sha512());
    }
    Run run = new Run(false);
    List<HostPhaseResult> results = new ArrayList<>();
    for (String phase : phaseNames()) {
      List<Resource> resources = phaseOf(desired, phase);
      if (resources.isEmpty()) {
        continue;
      }
      HostPhaseResult result = run.applyOnHost(agent, phase, resources, false, operationId + "-" + phase);
      results.add(result);
      if (result.failed()) {
        throw new IllegalStateException(phase + " resources failed on " + host.name() + ": "
            + result.notable().stream().filter(r -> r.getStatus() == ResourceStatus.RESOURCE_STATUS_FAILED)
                .map(r -> r.getId() + ": " + r.getMessage()).collect(Collectors.joining("; ")));
      }
    }
    return results;
  }

  /**
   * Brokers running another Kafka release than the inventory's: apply would switch every host's
   * binaries at once with the new protocol, so a version change must go through the rolling
   * upgrade (host by host, inter.broker.protocol.version pinned until the bump is confirmed).
   */
  private void refuseVersionChange(Inventory inventory) {
    KafkaVersion wanted = inventory.kafka().version();
    List<String> others = RunningVersions.of(fleet, inventory.brokerHosts()).entrySet().stream()
        .filter(running -> !running.getValue().equals(wanted))
        .map(running -> running.getKey() + " runs " + running.getValue())
        .toList();
    if (!others.isEmpty()) {
      throw new StopException("the inventory says Kafka " + wanted + " but " + String.join(", ", others)
          + ": nothing was changed. A version change goes host by host with the protocol pinned: "
          + "`steward rollout upgrade -i INVENTORY --kafka-version " + wanted + "`");
    }
  }

  /** A running ensemble asked for other members: see {@link EnsembleMembership}. */
  private void refuseMembershipChange(Inventory inventory) {
    EnsembleMembership.unsupportedChange(observer.ensemble(), inventory.zookeeperHosts().size()).ifPresent(why -> {
      throw new StopException("zookeeper: " + why);
    });
  }

  private List<HostTarget> gatherTargets(Inventory inventory, KafkaArtifact artifact) {
    List<String> paths = new ArrayList<>();
    Services.all().forEach(service -> paths.addAll(service.dataPaths(inventory)));
    paths.add(inventory.install().root());
    progress.step("all", "asking every agent for host facts");
    Map<HostSpec, Fleet.Outcome<HostFacts>> facts = fleet.readEach(inventory.hosts(), agent -> agent.facts(paths));
    List<String> unreachable = new ArrayList<>();
    List<HostTarget> targets = new ArrayList<>();
    facts.forEach((host, outcome) -> {
      if (!outcome.ok()) {
        unreachable.add(outcome.errorMessage());
        return;
      }
      HostLayout layout = new HostLayout(outcome.value().getHostRoot().isEmpty() ? "/" : outcome.value().getHostRoot());
      HostDesiredState desired = desiredState.build(inventory, host, layout, artifact.sha512(), secrets.get());
      targets.add(new HostTarget(host, outcome.value(), layout, desired));
    });
    if (!unreachable.isEmpty()) {
      throw new StopException("cannot reach every agent, nothing was changed:\n  " + String.join("\n  ", unreachable));
    }
    return targets;
  }

  /** Client-streams {@code file} to each of {@code hosts} that lacks it (the agent verifies the checksum). */
  private Void push(List<HostSpec> hosts, Path file, String sha512) {
    Map<HostSpec, Fleet.Outcome<String>> pushed = fleet.onEach(hosts, agent -> {
      if (agent.hasArtifact(sha512)) {
        return "already present";
      }
      progress.step(agent.host(), "uploading " + file.getFileName());
      agent.pushArtifact(file, sha512);
      return "uploaded";
    });
    failOnCallErrors("uploading " + file.getFileName(), pushed);
    pushed.forEach((host, outcome) -> progress.step(host.name(), file.getFileName() + ": " + outcome.value()));
    return null;
  }

  /** Connect plugin archives (checked by the coordinator against the inventory) to the worker hosts. */
  private Void pushPlugins(Inventory inventory, List<HostTarget> targets) {
    List<HostSpec> workers = hosts(targets).stream().filter(inventory.connect()::runsOn).toList();
    for (PluginSpec plugin : inventory.connect().plugins()) {
      push(workers, plugin.artifact().path(), plugin.artifact().sha512().orElseThrow());
    }
    return null;
  }

  private Readiness await(ServiceGates.Gate gate, Inventory inventory) {
    try {
      return new Gate(inventory.rollout().pollInterval()).await(gate.goal(), gate.check(), Readiness::ready,
          Readiness::detail, gate.timeout(), progress);
    } catch (GateTimeoutException e) {
      throw new StopException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StopException("interrupted while waiting for " + gate.goal());
    }
  }

  /**
   * What the connectors phase would do. Before the workers run (a first deploy) there is nothing
   * to compare with: every declared connector is to be created.
   */
  private List<ConnectorReconciler.Change> planConnectors(Inventory inventory, List<HostTarget> targets) {
    Optional<ConnectRestClient> client = healthyWorker();
    if (client.isEmpty()) {
      return inventory.managedConnectors().stream().map(c -> new ConnectorReconciler.Change(c.name(),
          ConnectorReconciler.Action.CREATE, c.className() + " (no worker answers yet)")).toList();
    }
    return reconciler(inventory, targets).reconcile(client.get(), false, true);
  }

  /**
   * The connectors phase: refuses a class no worker has and a source database that fails its
   * prechecks before any connector changes, then creates, updates and holds each in its state.
   */
  private List<ConnectorReconciler.Change> reconcileConnectors(Inventory inventory, List<HostTarget> targets,
      boolean prune) {
    ConnectRestClient client = healthyWorker()
        .orElseThrow(() -> new StopException("no Connect worker answers healthy: connectors were not changed"));
    java.util.Set<String> installed = client.connectorPlugins();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < inventory.connectors().size(); i++) {
      var connector = inventory.connectors().get(i);
      if (!installed.contains(connector.className())) {
        missing.add("connectors[" + i + "].class " + connector.className());
      }
    }
    if (!missing.isEmpty()) {
      throw new StopException("not installed on the Connect workers: " + String.join(", ", missing)
          + "; add the plugin's archive under connect.plugins. No connector was changed");
    }
    ConnectorReconciler reconciler = reconciler(inventory, targets);
    List<ConnectorReconciler.Change> planned = reconciler.reconcile(client, prune, true);
    List<String> failures = new ArrayList<>();
    for (ConnectorReconciler.Change change : planned) {
      if (change.action() == ConnectorReconciler.Action.CREATE || change.action() == ConnectorReconciler.Action.UPDATE) {
        inventory.connectors().stream().filter(c -> c.name().equals(change.connector())).findFirst()
            .ifPresent(connector -> failures.addAll(precheck.failures(connector, secrets.get(), progress)));
      }
    }
    if (!failures.isEmpty()) {
      throw new StopException("connector prechecks failed, no connector was changed:\n  "
          + String.join("\n  ", failures));
    }
    List<ConnectorReconciler.Change> changes = reconciler.reconcile(client, prune, false);
    ConnectAuditLog audit = ConnectAuditLog.forCluster(inventory.cluster());
    for (ConnectorReconciler.Change change : changes) {
      if (change.action() != ConnectorReconciler.Action.UNCHANGED
          && change.action() != ConnectorReconciler.Action.UNDECLARED) {
        try {
          audit.record(inventory.cluster(), "apply " + change.action().name().toLowerCase(java.util.Locale.ROOT),
              change.connector(), change.detail());
        } catch (java.io.IOException e) {
          progress.warn("could not write the audit log " + audit.file() + ": " + e.getMessage());
        }
      }
    }
    return changes;
  }

  private ConnectorReconciler reconciler(Inventory inventory, List<HostTarget> targets) {
    // every worker reads the same path: real hosts share "/", and sandbox hosts share this machine
    HostLayout layout = targets.stream().filter(t -> inventory.connect().runsOn(t.host())).map(HostTarget::layout)
        .findFirst().orElse(HostLayout.REAL_HOST);
    return new ConnectorReconciler(inventory,
        secret -> layout.real(ConnectSecrets.logicalPath(inventory.install(), secret)));
  }

  private Optional<ConnectRestClient> healthyWorker() {
    return observer.connect().workers().stream().filter(w -> w.healthy()).findFirst()
        .map(w -> new ConnectRestClient(java.net.URI.create(w.url()), Duration.ofSeconds(30)));
  }

  private static java.util.function.Supplier<SecretValues> memoized(java.util.function.Supplier<SecretValues> read) {
    SecretValues[] once = new SecretValues[1];
    return () -> {
      if (once[0] == null) {
        once[0] = read.get();
      }
      return once[0];
    };
  }

  /** A Connect or PostgreSQL call that fails stops the run with its reason, not a stack trace. */
  private static <T> T stopOnFailure(String what, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (StopException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StopException(what + ": " + dev.steward.coordinator.Errors.rootMessage(e));
    }
  }

  /** "base", then every service in start order: the phases a host converges in. */
  private static List<String> phaseNames() {
    List<String> names = new ArrayList<>();
    names.add(BASE_PHASE);
    names.addAll(Services.names());
    return names;
  }

  private static List<Resource> phaseOf(HostDesiredState desired, String phase) {
    return phase.equals(BASE_PHASE) ? desired.base() : desired.service(phase);
  }

  private static List<HostSpec> hosts(List<HostTarget> targets) {
    return targets.stream().map(HostTarget::host).toList();
  }

  private static String describeFailures(PreflightReport preflight) {
    return preflight.failures().stream().map(f -> f.host() + " " + f.name()).collect(Collectors.joining(", "));
  }

  private static <T> void failOnCallErrors(String what, Map<HostSpec, Fleet.Outcome<T>> outcomes) {
    List<String> errors = outcomes.entrySet().stream().filter(e -> !e.getValue().ok())
        .map(e -> e.getValue().errorMessage()).toList();
    if (!errors.isEmpty()) {
      throw new StopException(what + " failed:\n  " + String.join("\n  ", errors));
    }
  }

  /** Stops the run with a message for the user; everything not yet touched stays untouched. */
  private static final class StopException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StopException(String message) {
      super(message);
    }
  }

  /** The state of one plan or apply as it goes. */
  private final class Run {

    private final boolean dryRun;
    private final String runId = OperationIds.runId(clock.instant());
    private final List<PhaseReport> phases = new ArrayList<>();
    private final List<TimedStep> timings = new ArrayList<>();
    private final Map<String, List<RestartReason>> pendingRestarts = new LinkedHashMap<>();
    private Optional<PreflightReport> preflight = Optional.empty();
    private Optional<SmokeTestResult> smokeTest = Optional.empty();
    private List<ConnectorReconciler.Change> connectorChanges = List.of();

    Run(boolean dryRun) {
      this.dryRun = dryRun;
    }

    <T> T timed(String name, java.util.function.Supplier<T> step) {
      progress.phase(name);
      long start = System.nanoTime();
      try {
        return step.get();
      } finally {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        timings.add(new TimedStep(name, took));
        progress.phaseDone(name, took);
      }
    }

    void converge(String phase, List<HostTarget> targets, boolean dry) {
      Map<String, List<Resource>> resources = new LinkedHashMap<>();
      for (HostTarget target : targets) {
        List<Resource> list = phaseOf(target.desired(), phase);
        if (!list.isEmpty()) {
          resources.put(target.host().name(), list);
        }
      }
      if (resources.isEmpty()) {
        return;
      }
      List<HostSpec> hostsInPhase = targets.stream().map(HostTarget::host)
          .filter(h -> resources.containsKey(h.name())).toList();
      long start = System.nanoTime();
      progress.phase(phase);
      Map<HostSpec, Fleet.Outcome<HostPhaseResult>> outcomes = fleet.onEach(hostsInPhase,
          agent -> applyOnHost(agent, phase, resources.get(agent.host()), dry));
      List<HostPhaseResult> results = new ArrayList<>();
      outcomes.forEach((host, outcome) -> results.add(outcome.ok() ? outcome.value()
          : HostPhaseResult.failedCall(host.name(), outcome.errorMessage())));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      PhaseReport report = new PhaseReport(phase, took, results);
      phases.add(report);
      timings.add(new TimedStep(phase, took));
      progress.phaseDone(phase, took);
      for (HostPhaseResult result : results) {
        pendingRestarts.put(result.host(), mergeReasons(pendingRestarts.get(result.host()), result.pendingRestarts()));
      }
      if (report.failed()) {
        throw new StopException(phase + " phase failed on " + results.stream().filter(HostPhaseResult::failed)
            .map(HostPhaseResult::host).collect(Collectors.joining(", "))
            + (dry ? "" : "; hosts and phases after it were not touched"));
      }
    }

    private HostPhaseResult applyOnHost(AgentClient agent, String phase, List<Resource> resources, boolean dry) {
      return applyOnHost(agent, phase, resources, dry,
          (dry ? "plan-" : "apply-") + phase + "-" + agent.host() + "-" + runId);
    }

    private HostPhaseResult applyOnHost(AgentClient agent, String phase, List<Resource> resources, boolean dry,
        String operationId) {
      ApplyRequest request = ApplyRequest.newBuilder()
          .setOperationId(operationId)
          .setDryRun(dry)
          .addAllResources(resources)
          .build();
      List<ResourceResult> results = new ArrayList<>();
      List<RestartReason> pending = new ArrayList<>();
      progress.step(agent.host(), (dry ? "checking " : "applying ") + resources.size() + " resources");
      agent.apply(request, event -> {
        if (event.getEventCase() == ApplyEvent.EventCase.RESULT) {
          ResourceResult result = event.getResult();
          results.add(result);
          if (result.getStatus() != ResourceStatus.RESOURCE_STATUS_UNCHANGED) {
            progress.step(agent.host(), result.getId() + ": " + StatusText.of(result.getStatus()));
          }
          if (dry && result.getStatus() == ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE) {
            pending.addAll(result.getRestartReasonsList());
          }
        } else if (event.getEventCase() == ApplyEvent.EventCase.SUMMARY) {
          pending.addAll(event.getSummary().getPendingRestartsList());
        }
      });
      progress.step(agent.host(), phase + " done");
      return new HostPhaseResult(agent.host(), results, dedupe(pending), null);
    }

    Map<String, List<RestartReason>> pendingRestartsNow() {
      Map<String, List<RestartReason>> pending = new LinkedHashMap<>();
      pendingRestarts.forEach((host, reasons) -> {
        if (!reasons.isEmpty()) {
          pending.put(host, reasons);
        }
      });
      return pending;
    }

    /** After a roll: what the agents still report as stale (nothing, when the roll did its job). */
    void refreshPendingRestarts(Inventory inventory, List<HostTarget> targets) {
      Map<HostSpec, Fleet.Outcome<List<RestartReason>>> statuses = fleet.readEach(hosts(targets), agent -> {
        List<RestartReason> reasons = new ArrayList<>();
        HostSpec host = targets.stream().map(HostTarget::host).filter(h -> h.name().equals(agent.host())).findFirst()
            .orElseThrow();
        for (ServiceDescriptor service : Services.on(inventory, host)) {
          reasons.addAll(agent.serviceStatus(service.id()).getPendingRestartsList());
        }
        return reasons;
      });
      statuses.forEach((host, outcome) -> {
        if (outcome.ok() && !outcome.value().isEmpty()) {
          pendingRestarts.put(host.name(), dedupe(outcome.value()));
        }
      });
    }

    ApplyResult finish(Optional<String> failure) {
      failure.ifPresent(progress::warn);
      return new ApplyResult(dryRun, preflight, phases, pendingRestartsNow(), timings, smokeTest, connectorChanges,
          failure);
    }
  }

  private static List<RestartReason> mergeReasons(List<RestartReason> earlier, List<RestartReason> later) {
    List<RestartReason> all = new ArrayList<>(earlier == null ? List.of() : earlier);
    all.addAll(later);
    return dedupe(all);
  }

  private static List<RestartReason> dedupe(List<RestartReason> reasons) {
    Set<String> seen = new HashSet<>();
    List<RestartReason> unique = new ArrayList<>();
    for (RestartReason reason : reasons) {
      if (seen.add(reason.getService() + "|" + reason.getKind() + "|" + reason.getDetail())) {
        unique.add(reason);
      }
    }
    return unique;
  }

  /** Short lowercase words for resource statuses in progress lines and reports. */
  public static final class StatusText {

    private StatusText() {
    }

    public static String of(ResourceStatus status) {
      return switch (status) {
        case RESOURCE_STATUS_UNCHANGED -> "unchanged";
        case RESOURCE_STATUS_WOULD_CHANGE -> "would change";
        case RESOURCE_STATUS_CHANGED -> "changed";
        case RESOURCE_STATUS_FAILED -> "FAILED";
        case RESOURCE_STATUS_SKIPPED -> "skipped";
        default -> "?";
      };
    }
  }
}
