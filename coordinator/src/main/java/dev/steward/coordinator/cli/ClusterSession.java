package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.agent.AgentConnector;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.artifact.ArtifactException;
import dev.steward.coordinator.artifact.ArtifactResolver;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.common.state.SecretValues;
import dev.steward.coordinator.cdc.DebeziumPrecheck;
import dev.steward.coordinator.connect.ConnectorClasses;
import dev.steward.coordinator.deploy.Deployer;
import dev.steward.coordinator.secrets.SecretResolver;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.progress.Progress;
import dev.steward.coordinator.rollout.RolloutStore;
import dev.steward.coordinator.rollout.Rollouts;
import java.io.PrintWriter;
import java.time.Clock;

/** Everything a cluster command holds open while it runs; closes it all in one place. */
final class ClusterSession implements AutoCloseable {

  final Inventory inventory;
  final Fleet fleet;
  final LiveCluster cluster;
  final Progress progress;
  /** The cluster's rollout journal and lock; opened (a ZooKeeper client) on first use, closed with the session. */
  private RolloutStore rolloutStore;

  ClusterSession(Inventory inventory, AgentConnector connector, Progress progress) {
    this.inventory = inventory;
    this.fleet = new Fleet(inventory, connector);
    this.cluster = new LiveCluster(inventory, fleet);
    this.progress = progress;
  }

  static ClusterSession open(Inventory inventory, PrintWriter progressOut, boolean quiet) {
    Progress progress = quiet ? Progress.silent() : Progress.to(progressOut, Progress.isInteractiveTerminal());
    return new ClusterSession(inventory, Connectors.forInventory(inventory), progress);
  }

  /**
   * The deployer; it reads the inventory's secrets when it first builds a desired state (a secret
   * that cannot be read is bad input, exit 2). apply and plan read them before anything else.
   */
  Deployer deployer() {
    return new Deployer(fleet, cluster, progress, Clock.systemUTC(), () -> secrets(inventory), new DebeziumPrecheck());
  }

  static SecretValues secrets(Inventory inventory) {
    SecretValues values;
    try {
      values = SecretResolver.fromProcess().resolve(inventory);
    } catch (SecretResolver.SecretException e) {
      throw new ExitException(ExitCode.BAD_INPUT, e.getMessage());
    }
    if (!inventory.zookeeper().dynamicMembership()) {
      return values;
    }
    java.nio.file.Path pki = dev.steward.coordinator.pki.PkiLocation.of(inventory, java.util.Optional.empty());
    try {
      // created on first use, beside the cluster's PKI: reconfig runs as this superuser (docs/scaling.md)
      return values.with(dev.steward.common.service.ZooKeeperService.SUPERUSER_DIGEST,
          dev.steward.coordinator.ensemble.ZooKeeperSuperuser.loadOrCreate(pki).jvmOption());
    } catch (java.io.IOException e) {
      throw new ExitException(ExitCode.FAILURE, "zookeeper.dynamicMembership: cannot read or create the ZooKeeper "
          + "superuser credential in " + pki + " (" + e.getMessage() + "); check that directory's permissions");
    }
  }

  /** One store per session: every rollout and check of this command shares its ZooKeeper connection. */
  synchronized RolloutStore rolloutStore() {
    if (rolloutStore == null) {
      rolloutStore = RolloutStore.forInventory(inventory);
    }
    return rolloutStore;
  }

  Rollouts rollouts(java.nio.file.Path inventoryFile) {
    return new Rollouts(inventory, inventoryFile, rolloutStore(), fleet, cluster, deployer(), progress,
        Clock.systemUTC());
  }

  /** Refuses (exit 1) while a rollout of this cluster is unfinished: it must be resumed or aborted. */
  void requireNoUnfinishedRollout(java.nio.file.Path inventoryFile) {
    try {
      rollouts(inventoryFile).requireNoUnfinishedRollout();
    } catch (Rollouts.RefusedException e) {
      throw new ExitException(ExitCode.FAILURE, e.getMessage());
    } catch (java.io.IOException e) {
      throw new ExitException(ExitCode.FAILURE, "reading the rollout journal: " + e.getMessage());
    }
  }

  /**
   * Refuses (exit 2) an inventory that drops a broker still holding replicas, naming the drain to
   * run (docs/scaling.md). A cluster whose brokers do not answer yet (a first apply) has nothing
   * to lose: no broker port accepting within half a second skips the check.
   */
  static void refuseRemovedBrokersWithReplicas(Inventory inventory, java.nio.file.Path inventoryFile) {
    boolean anyBroker = inventory.brokerHosts().stream().anyMatch(h -> dev.steward.coordinator.probe.PortCheck
        .accepts(h.address(), inventory.kafka().port(), java.time.Duration.ofMillis(500)));
    if (!anyBroker) {
      return;
    }
    dev.steward.coordinator.rebalance.ReplicaPlacement placement;
    try (dev.steward.coordinator.probe.KafkaProbe probe = new dev.steward.coordinator.probe.KafkaProbe(
        inventory.bootstrapServers(), java.time.Duration.ofSeconds(10))) {
      placement = dev.steward.coordinator.rebalance.PlacementReader.read(probe.admin(),
          java.time.Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExitException(ExitCode.FAILURE, "interrupted");
    } catch (Exception e) {
      // a cluster that cannot be read now is judged by apply's own gates; the rule needs a placement
      return;
    }
    java.util.Set<Integer> brokers = new java.util.TreeSet<>();
    inventory.brokerHosts().forEach(h -> brokers.add(h.brokerId().getAsInt()));
    dev.steward.coordinator.rebalance.RemovedBrokers.refusal(placement, brokers, String.valueOf(inventoryFile))
        .ifPresent(message -> {
          throw new ExitException(ExitCode.BAD_INPUT, message);
        });
  }

  /**
   * Decides, before anything is touched, what to do about an inventory whose ZooKeeper voters
   * differ from the ones the running ensemble holds in {@code /zookeeper/config}: bad input exits 2
   * with the planner's message, as does a host the change adds whose data dir holds another
   * member's myid; a valid change is returned for apply to run (docs/scaling.md). An
   * ensemble that does not answer (a first apply, or no quorum) is left to apply's own gates: empty.
   */
  static java.util.Optional<dev.steward.coordinator.ensemble.EnsembleChangeCheck.Decision> ensembleChange(
      Inventory inventory, boolean allowUnsafeEnsemble) {
    boolean anyMember = inventory.zookeeperHosts().stream().anyMatch(h -> dev.steward.coordinator.probe.PortCheck
        .accepts(h.address(), inventory.zookeeper().clientPort(), java.time.Duration.ofMillis(500)));
    if (!anyMember) {
      return java.util.Optional.empty();
    }
    dev.steward.coordinator.ensemble.EnsembleConfig running;
    try {
      running = dev.steward.coordinator.ensemble.EnsembleAdmin.readConfig(inventory.zookeeperConnect(),
          java.time.Duration.ofSeconds(10));
    } catch (java.io.IOException e) {
      return java.util.Optional.empty();
    }
    var decision = dev.steward.coordinator.ensemble.EnsembleChangeCheck.decide(running, inventory, allowUnsafeEnsemble);
    if (decision instanceof dev.steward.coordinator.ensemble.EnsembleChangeCheck.Refused refused) {
      throw new ExitException(ExitCode.BAD_INPUT, refused.message());
    }
    if (decision instanceof dev.steward.coordinator.ensemble.EnsembleChangeCheck.Change change) {
      refuseJoiningHostsWithOtherData(inventory, change);
    }
    return java.util.Optional.of(decision);
  }

  /**
   * Refuses (exit 2) a change that adds a host whose data dir holds another member's myid: its
   * agent would refuse that only when the change starts the member, after apply's first part rolled
   * the ensemble. Only the joining hosts' agents can tell; one that does not answer fails the
   * command (exit 1), still before anything is touched.
   */
  private static void refuseJoiningHostsWithOtherData(Inventory inventory,
      dev.steward.coordinator.ensemble.EnsembleChangeCheck.Change change) {
    java.util.List<dev.steward.coordinator.ensemble.JoiningDataDir> joining;
    try (Fleet fleet = new Fleet(inventory, Connectors.forInventory(inventory))) {
      joining = dev.steward.coordinator.ensemble.JoiningDataDirs.read(inventory, change.plan(), fleet);
    } catch (java.io.IOException e) {
      throw new ExitException(ExitCode.FAILURE, "zookeeper: " + e.getMessage() + "; nothing was changed");
    }
    dev.steward.coordinator.ensemble.JoiningDataDirCheck.decide(joining).ifPresent(refused -> {
      throw new ExitException(ExitCode.BAD_INPUT, refused.message());
    });
  }

  /** Rolls the services an apply left stale, through the same engine as `rollout restart`. */
  Deployer.PendingRestartRoller pendingRestartRoller(java.nio.file.Path inventoryFile) {
    return pending -> {
      Rollouts rollouts = rollouts(inventoryFile);
      var state = rollouts.newPendingRestart(pending);
      if (state.isEmpty()) {
        return java.util.Optional.empty();
      }
      try {
        var outcome = rollouts.start(state.get());
        return outcome.completed() ? java.util.Optional.empty() : java.util.Optional.of(outcome.message());
      } catch (Rollouts.RefusedException | java.io.IOException e) {
        return java.util.Optional.of("rolling restart: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return java.util.Optional.of("interrupted during the rolling restart");
      }
    };
  }

  /**
   * The Kafka distribution the inventory asks for, verified, and every Connect plugin checked
   * against its checksum; a problem is bad input (exit 2).
   */
  static KafkaArtifact resolveArtifact(Inventory inventory) {
    try {
      ArtifactResolver resolver = new ArtifactResolver(ArtifactResolver.defaultStewardHome());
      resolver.verifyPlugins(inventory.connect());
      return resolver.resolve(inventory.kafka());
    } catch (ArtifactException e) {
      throw new ExitException(ExitCode.BAD_INPUT, e.field() + ": " + e.getMessage() + "; " + e.fix());
    }
  }

  /**
   * Every connector's class must be in the Kafka distribution or a declared plugin archive, or no
   * worker will ever run it: bad input (exit 2) before any host is touched.
   */
  static void refuseUnknownConnectorClasses(Inventory inventory, KafkaArtifact artifact) {
    java.util.Set<String> wanted = new java.util.TreeSet<>();
    inventory.connectors().forEach(c -> wanted.add(c.className()));
    if (wanted.isEmpty()) {
      return;
    }
    java.util.Set<String> found = new java.util.HashSet<>();
    try {
      found.addAll(ConnectorClasses.find(artifact.file(), wanted));
      for (var plugin : inventory.connect().plugins()) {
        found.addAll(ConnectorClasses.find(plugin.artifact().path(), wanted));
      }
    } catch (java.io.IOException e) {
      throw new ExitException(ExitCode.FAILURE, "reading the connector classes of the archives: " + e.getMessage());
    }
    for (int i = 0; i < inventory.connectors().size(); i++) {
      String className = inventory.connectors().get(i).className();
      if (!found.contains(className)) {
        throw new ExitException(ExitCode.BAD_INPUT, "connectors[" + i + "].class: " + className + " is in neither the "
            + "Kafka distribution nor a connect.plugins archive, so no worker could run it; add its plugin archive "
            + "under connect.plugins, or correct the class name");
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (rolloutStore != null) {
        rolloutStore.close();
      }
    }
    progress.close();
    cluster.close();
    fleet.close();
  }
}
