package dev.steward.coordinator.rollout;

import dev.steward.agent.v1.RestartReason;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.common.inventory.ArtifactSpec;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.KafkaVersion;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.agent.OperationIds;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.Deployer;
import dev.steward.coordinator.gate.WaitClock;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.progress.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.ServiceDescriptor;
import dev.steward.common.service.Services;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rollouts of one cluster: start, resume, abort, their dry run, and the rollouts the two-phase
 * upgrade ({@link UpgradePhases}) is made of. Each takes the cluster's rollout lock, so only one
 * runs at a time, and journals every step.
 */
public final class Rollouts implements UpgradePhases.Actions {

  /** What a restart rollout covers. */
  public record RestartOptions(Set<String> services, Set<String> hosts, Set<String> acceptedTopics,
      RestartReasonKind reason) {
  }

  /** A rollout refused before it began (bad request, another rollout running): nothing was touched. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
      super(message);
    }
  }

  private final Inventory inventory;
  private final Path inventoryFile;
  private final RolloutStore store;
  private final Fleet fleet;
  private final LiveCluster cluster;
  private final Deployer deployer;
  private final Progress progress;
  private final Clock clock;

  public Rollouts(Inventory inventory, Path inventoryFile, RolloutStore store, Fleet fleet, LiveCluster cluster,
      Deployer deployer, Progress progress, Clock clock) {
    this.inventory = inventory;
    this.inventoryFile = inventoryFile;
    this.store = store;
    this.fleet = fleet;
    this.cluster = cluster;
    this.deployer = deployer;
    this.progress = progress;
    this.clock = clock;
  }

  public RollingRestart.Timing timing() {
    var rollout = inventory.rollout();
    return new RollingRestart.Timing(rollout.zookeeperReadyTimeout(), rollout.brokerReadyTimeout(),
        rollout.availabilityTimeout(), rollout.pollInterval());
  }

  /** Refuses when a rollout of this cluster is unfinished: it must be resumed or aborted first. */
  public void requireNoUnfinishedRollout() throws IOException, RefusedException {
    Optional<RolloutState> current = store.current();
    if (current.isPresent() && !current.get().finished()) {
      throw new RefusedException("rollout " + current.get().id() + " (" + current.get().kind() + ") of cluster "
          + inventory.cluster() + " is " + current.get().status() + ": run `steward rollout resume -i " + inventoryFile
          + "` or `steward rollout abort -i " + inventoryFile + "` first");
    }
  }

  public RolloutState newRestart(RestartOptions options) throws RefusedException {
    Map<String, List<String>> targets = new LinkedHashMap<>();
    for (ServiceDescriptor service : Services.all()) {
      if (options.services().contains(service.name())) {
        List<String> hosts = targets(service.hosts(inventory), options.hosts());
        if (!hosts.isEmpty()) {
          targets.put(service.name(), hosts);
        }
      }
    }
    if (targets.isEmpty()) {
      throw new RefusedException("nothing to restart: no host" + (options.hosts().isEmpty() ? "" : " of --hosts "
          + options.hosts()) + " runs " + String.join(" or ", options.services()));
    }
    return newState("restart", RollingRestart.pendingSteps(targets), options.acceptedTopics(),
        options.reason().name(), null, null, null, null);
  }

  /** The restarts an apply left pending, as a rollout (services with stale config or binaries). */
  public Optional<RolloutState> newPendingRestart(Map<String, List<RestartReason>> pending) {
    Map<String, List<String>> targets = new LinkedHashMap<>();
    for (ServiceDescriptor service : Services.all()) {
      List<String> stale = service.hosts(inventory).stream()
          .filter(host -> pending.getOrDefault(host.name(), List.of()).stream()
              .anyMatch(r -> r.getService() == service.id()))
          .map(HostSpec::name).toList();
      if (!stale.isEmpty()) {
        targets.put(service.name(), stale);
      }
    }
    if (targets.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(newState("restart", RollingRestart.pendingSteps(targets), Set.of(),
        RestartReasonKind.RESTART_REASON_KIND_CONFIG_CHANGED.name(), null, null, null, null));
  }

  /**
   * Starts opening, in the background, what a rollout run by this command needs first: the
   * journal's ZooKeeper client and this machine's copy of the journal ({@link RolloutStore#warmUp})
   * and the agents' channels (with a first probe; see {@link LiveCluster#warmUpInBackground}), for
   * a command that does something else first (`rollout benchmark` lets its load settle): the
   * rollout then finds them open (docs/benchmarks.md). Nothing is read from it: each decision
   * still takes its own fresh snapshot, and the lock is still taken by {@link #start}.
   *
   * @param kafkaFirst the rollout's first decision is a broker's (no ZooKeeper node to restart)
   */
  public void warmUp(boolean kafkaFirst) {
    cluster.warmUpInBackground(kafkaFirst);
    Thread journal = new Thread(() -> {
      try {
        store.warmUp();
      } catch (IOException | RuntimeException e) {
        // only a head start: taking the lock reports a ZooKeeper that does not answer
      }
    }, "steward-journal-warm-up");
    journal.setDaemon(true);
    journal.start();
  }

  /** Runs a new rollout under the cluster lock. */
  @Override
  public RollingRestart.Outcome start(RolloutState state)
      throws IOException, InterruptedException, RefusedException {
    cluster.warmUpInBackground(state.steps(dev.steward.common.service.ZooKeeperService.NAME).isEmpty());
    try (RolloutStore.Lock lock = store.lock()) {
      requireNoUnfinishedRollout();
      return executor(state).run(state);
    } catch (RolloutStore.RolloutLockedException e) {
      throw new RefusedException(e.getMessage());
    }
  }

  /** Continues the unfinished rollout where it stopped. */
  public RollingRestart.Outcome resume() throws IOException, InterruptedException, RefusedException {
    return resume(false);
  }

  /**
   * Continues the unfinished rollout where it stopped; with {@code takeOver}, also when another
   * coordinator that is still alive holds the lock (it can no longer write the journal then).
   */
  public RollingRestart.Outcome resume(boolean takeOver) throws IOException, InterruptedException, RefusedException {
    // which service comes first is only known under the lock
    cluster.warmUpInBackground(true);
    try (RolloutStore.Lock lock = store.lock(takeOver)) {
      lock.tookOverFrom().ifPresent(previous -> progress.warn("took over the rollout lock of cluster "
          + inventory.cluster() + " from " + previous.describe() + " (Steward " + previous.version()
          + ", state directory " + previous.stateDirectory() + ")"));
      RolloutState state = store.current().filter(s -> !s.finished())
          .orElseThrow(() -> new RefusedException("no unfinished rollout of cluster " + inventory.cluster()));
      progress.info("resuming rollout " + state.id() + " (" + state.kind() + "): "
          + state.steps().stream().filter(RolloutStep::done).count() + " of " + state.steps().size() + " steps done");
      RollingRestart.Outcome outcome = executor(state).run(state);
      if (outcome.completed()) {
        recordUpgradeInInventory(outcome.state());
      }
      return outcome;
    } catch (RolloutStore.RolloutLockedException e) {
      throw new RefusedException(e.getMessage());
    }
  }

  /** The rollout that is neither done nor aborted, if any; read without the lock. */
  public Optional<RolloutState> unfinished() throws IOException {
    return store.current().filter(s -> !s.finished());
  }

  /** Marks the unfinished rollout aborted; nodes already restarted stay as they are. */
  public RolloutState abort() throws IOException, RefusedException {
    try (RolloutStore.Lock lock = store.lock()) {
      RolloutState state = store.current().filter(s -> !s.finished())
          .orElseThrow(() -> new RefusedException("no unfinished rollout of cluster " + inventory.cluster()));
      RolloutState aborted = state.withStatus(RolloutState.ABORTED, state.haltReason(), clock.millis());
      store.save(aborted);
      return aborted;
    } catch (RolloutStore.RolloutLockedException e) {
      throw new RefusedException(e.getMessage());
    }
  }

  // ------------------------------------------------------------------ upgrades

  /** The Kafka release each broker runs now (from the directory its process runs in). */
  @Override
  public Map<String, KafkaVersion> runningVersions() {
    return dev.steward.coordinator.probe.RunningVersions.of(fleet, inventory.brokerHosts());
  }

  /**
   * Phase 1 of an upgrade: host by host, new binaries with inter.broker.protocol.version pinned
   * to the lowest version running, ZooKeeper nodes first, then the brokers.
   */
  @Override
  public RolloutState newUpgrade(KafkaVersion target, KafkaArtifact artifact, KafkaVersion from) {
    String pin = protocolPin(from, target).orElse(null);
    // every service runs from the distribution: all of them move to the new one, in start order
    Map<String, List<String>> targets = new LinkedHashMap<>();
    for (ServiceDescriptor service : Services.all()) {
      targets.put(service.name(), service.hosts(inventory).stream().map(HostSpec::name).toList());
    }
    return newState("upgrade", RollingRestart.pendingSteps(targets), Set.of(), null, target.toString(), pin,
        artifact.file().toAbsolutePath().toString(), artifact.sha512());
  }

  /** The inter.broker.protocol.version brokers keep while moving from {@code from} to {@code target}, if any. */
  public static Optional<String> protocolPin(KafkaVersion from, KafkaVersion target) {
    return from.protocolVersion().equals(target.protocolVersion()) ? Optional.empty()
        : Optional.of(from.protocolVersion());
  }

  /** Phase 2: the protocol bump, a roll of the brokers with the pin removed. The point of no return. */
  @Override
  public RolloutState newProtocolBump(KafkaVersion target, KafkaArtifact artifact) {
    List<String> kafka = inventory.brokerHosts().stream().map(HostSpec::name).toList();
    return newState("protocol", RollingRestart.pendingSteps(Map.of(KafkaService.NAME, kafka)), Set.of(), null, target.toString(),
        null, artifact.file().toAbsolutePath().toString(), artifact.sha512());
  }

  /** The inventory the hosts are brought to by an upgrade or protocol rollout. */
  public Inventory targetInventory(RolloutState state) {
    if (state.targetVersion() == null) {
      return inventory;
    }
    var kafka = inventory.kafka()
        .withVersion(KafkaVersion.parse(state.targetVersion()),
            Optional.of(new ArtifactSpec(Path.of(state.targetArtifact()), Optional.of(state.targetSha512()))))
        .withInterBrokerProtocolVersion(Optional.ofNullable(state.pinnedProtocol()));
    return inventory.withKafka(kafka);
  }

  /** Brings the inventory file up to date after an upgrade phase; returns a note for the user. */
  @Override
  public String recordUpgradeInInventory(RolloutState state) throws IOException {
    return new UpgradeInventoryFile(inventoryFile).record(state);
  }

  // ------------------------------------------------------------------ dry run

  /**
   * The ordered steps a new rollout would take from the cluster as it is now, each with its gates:
   * decided by the rollers the rollout runs, over a what-if copy of the cluster (read, never touched).
   */
  @Override
  public String preview(RolloutState state) {
    LiveRolloutCluster live = new LiveRolloutCluster(inventory, fleet, cluster, deployer, inventory, null);
    return new RolloutPreview(inventory).text(state, RolloutPlanner.plan(state, new WhatIfCluster(live)));
  }

  // ------------------------------------------------------------------ internals

  /** Upgrades carry their distribution in the journal; plain restarts install nothing and need none. */
  private RollingRestart executor(RolloutState state) {
    KafkaArtifact artifact = state.targetArtifact() == null ? null
        : new KafkaArtifact(Path.of(state.targetArtifact()), state.targetSha512());
    LiveRolloutCluster live = new LiveRolloutCluster(inventory, fleet, cluster, deployer, targetInventory(state),
        artifact);
    return new RollingRestart(live, store, progress, timing(), clock, WaitClock.system());
  }

  private RolloutState newState(String kind, List<RolloutStep> steps, Set<String> accepted, String reason,
      String targetVersion, String pin, String artifact, String sha512) {
    String id = kind + "-" + OperationIds.runId(clock.instant());
    return new RolloutState(id, inventory.cluster(), kind, inventoryFile.toAbsolutePath().toString(), RolloutState.RUNNING,
        steps, List.copyOf(accepted), reason, targetVersion, pin, artifact, sha512, null, clock.millis(), 0,
        MembersAsPlanned.of(inventory));
  }

  private static List<String> targets(List<HostSpec> hosts, Set<String> only) {
    return hosts.stream().map(HostSpec::name).filter(name -> only.isEmpty() || only.contains(name)).toList();
  }

  /** How long a finished step took in total, for summaries. */
  public static Duration took(RolloutStep step) {
    return Duration.ofMillis(Math.max(0, step.finishedAtMillis() - step.startedAtMillis()));
  }
}
