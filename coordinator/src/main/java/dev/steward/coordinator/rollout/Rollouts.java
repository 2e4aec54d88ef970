package dev.steward.coordinator.rollout;

import dev.steward.agent.v1.RestartReason;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.ArtifactSpec;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryEditor;
import dev.steward.common.inventory.KafkaVersion;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.Deployer;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import dev.steward.coordinator.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.steward.common.service.ConnectService;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.ServiceDescriptor;
import dev.steward.common.service.Services;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * Rollouts of one cluster: start, resume, abort, and the two-phase rolling upgrade. Each takes
 * the cluster's rollout lock, so only one runs at a time, and journals every step.
 */
public final class Rollouts {

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

  /** Runs a new rollout under the cluster lock. */
  public RollingRestart.Outcome start(RolloutState state)
      throws IOException, InterruptedException, RefusedException {
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
  public Map<String, KafkaVersion> runningVersions() {
    return dev.steward.coordinator.probe.RunningVersions.of(fleet, inventory.brokerHosts());
  }

  /**
   * Phase 1 of an upgrade: host by host, new binaries with inter.broker.protocol.version pinned
   * to the lowest version running, ZooKeeper nodes first, then the brokers.
   */
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

  /**
   * After an upgrade phase, the inventory must say what now runs: the new version and, between
   * the phases, the pinned protocol. Otherwise a later `apply` would downgrade, or unpin the
   * protocol without the confirmation the bump requires.
   *
   * @return a note for the user
   */
  public String recordUpgradeInInventory(RolloutState state) throws IOException {
    if (state.targetVersion() == null) {
      return "";
    }
    String text = Files.readString(inventoryFile);
    Optional<String> pin = Optional.ofNullable(state.pinnedProtocol());
    Optional<String> edited = InventoryEditor.setKafkaVersion(text, state.targetVersion(), pin);
    String wanted = "kafka.version: " + state.targetVersion()
        + pin.map(p -> ", kafka.interBrokerProtocolVersion: \"" + p + "\"").orElse(" (no interBrokerProtocolVersion)");
    if (edited.isEmpty()) {
      return "could not edit " + inventoryFile + " safely: set " + wanted + " in it by hand before the next apply";
    }
    if (!edited.get().equals(text)) {
      Path backup = inventoryFile.resolveSibling(inventoryFile.getFileName() + ".before-" + state.id());
      Files.writeString(backup, text);
      Files.writeString(inventoryFile, edited.get());
      return "updated " + inventoryFile + " (" + wanted + "); the previous version is in " + backup;
    }
    return "";
  }

  // ------------------------------------------------------------------ dry run

  /** The ordered steps a restart would take from the cluster as it is now, each with its gates. */
  public String preview(RolloutState state) {
    StringBuilder text = new StringBuilder("rollout plan (dry run, nothing is changed): ").append(state.kind()).append('\n');
    int number = 1;
    List<RolloutStep> zkSteps = state.steps("zookeeper");
    if (!zkSteps.isEmpty()) {
      text.append("zookeeper: followers first, the leader last; the leader is re-discovered before every step\n");
      for (String host : predictedZooKeeperOrder(zkSteps)) {
        text.append(String.format("  %d. %srestart zookeeper on %s%n", number++, prepareText(state), host))
            .append("     before: every ZooKeeper node serving, exactly one leader, all followers synced, none pending\n")
            .append("     after:  ").append(host).append(" serving as follower or leader and the ensemble fully synced again\n");
      }
    }
    List<RolloutStep> kafkaSteps = state.steps("kafka");
    if (!kafkaSteps.isEmpty()) {
      text.append("kafka: brokers that are down first, the active controller last; re-read before every step\n");
      for (String host : predictedKafkaOrder(kafkaSteps)) {
        int id = inventory.host(host).orElseThrow().brokerId().getAsInt();
        text.append(String.format("  %d. %srestart kafka on %s (broker %d)%n", number++, prepareText(state), host, id))
            .append("     before: no other broker down or recovering, no partition offline, and every partition with a ")
            .append("replica on broker ").append(id).append(" keeps min.insync.replicas without it\n")
            .append("     after:  broker ").append(id).append(" registered anew, live, every partition it hosts fully in ")
            .append("sync; then a preferred-leader election for its partitions\n");
      }
    }
    List<RolloutStep> connectSteps = state.steps(ConnectService.NAME);
    if (!connectSteps.isEmpty()) {
      text.append("kafka-connect: one worker at a time, in inventory order\n");
      for (RolloutStep step : connectSteps) {
        text.append(String.format("  %d. %srestart kafka-connect on %s%n", number++, prepareText(state), step.host()))
            .append("     before: every worker healthy in the group\n")
            .append("     after:  the worker healthy in the group again and every connector and task that was ")
            .append("RUNNING before it stopped RUNNING again\n");
      }
    }
    return text.toString();
  }

  private static String prepareText(RolloutState state) {
    return switch (state.kind()) {
      case "upgrade" -> "install Kafka " + state.targetVersion()
          + (state.pinnedProtocol() == null ? "" : " (inter.broker.protocol.version " + state.pinnedProtocol() + ")") + ", ";
      case "protocol" -> "unpin inter.broker.protocol.version, ";
      default -> "";
    };
  }

  private List<String> predictedZooKeeperOrder(List<RolloutStep> steps) {
    List<String> hosts = steps.stream().map(RolloutStep::host).toList();
    try {
      EnsembleSnapshot ensemble = cluster.ensemble();
      Optional<String> leader = ensemble.leader().map(ZooKeeperNodeState::host);
      return hosts.stream().sorted(Comparator.comparing((String h) -> leader.map(h::equals).orElse(false))
          .thenComparingInt(h -> inventory.host(h).orElseThrow().zookeeperId().getAsInt())).toList();
    } catch (RuntimeException e) {
      return hosts;
    }
  }

  private List<String> predictedKafkaOrder(List<RolloutStep> steps) {
    List<String> hosts = steps.stream().map(RolloutStep::host).toList();
    OptionalInt controller;
    try {
      controller = cluster.controller();
    } catch (RuntimeException e) {
      controller = OptionalInt.empty();
    }
    int controllerId = controller.orElse(-1);
    return hosts.stream().sorted(Comparator.comparing(
            (String h) -> inventory.host(h).orElseThrow().brokerId().getAsInt() == controllerId)
        .thenComparingInt(h -> inventory.host(h).orElseThrow().brokerId().getAsInt())).toList();
  }

  // ------------------------------------------------------------------ internals

  /** Upgrades carry their distribution in the journal; plain restarts install nothing and need none. */
  private RollingRestart executor(RolloutState state) {
    KafkaArtifact artifact = state.targetArtifact() == null ? null
        : new KafkaArtifact(Path.of(state.targetArtifact()), state.targetSha512());
    LiveRolloutCluster live = new LiveRolloutCluster(inventory, fleet, cluster, deployer, targetInventory(state), artifact);
    return new RollingRestart(live, store, progress, timing(), clock, d -> Thread.sleep(d.toMillis()));
  }

  private RolloutState newState(String kind, List<RolloutStep> steps, Set<String> accepted, String reason,
      String targetVersion, String pin, String artifact, String sha512) {
    String id = kind + "-" + clock.instant().toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
        + UUID.randomUUID().toString().substring(0, 6);
    return new RolloutState(id, inventory.cluster(), kind, inventoryFile.toAbsolutePath().toString(), RolloutState.RUNNING,
        steps, List.copyOf(accepted), reason, targetVersion, pin, artifact, sha512, null, clock.millis(), 0);
  }

  private static List<String> targets(List<HostSpec> hosts, Set<String> only) {
    return hosts.stream().map(HostSpec::name).filter(name -> only.isEmpty() || only.contains(name)).toList();
  }

  /** How long a finished step took in total, for summaries. */
  public static Duration took(RolloutStep step) {
    return Duration.ofMillis(Math.max(0, step.finishedAtMillis() - step.startedAtMillis()));
  }
}
