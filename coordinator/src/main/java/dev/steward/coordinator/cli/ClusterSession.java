package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.agent.AgentConnector;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.artifact.ArtifactException;
import dev.steward.coordinator.artifact.ArtifactResolver;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.Deployer;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.progress.Progress;
import java.io.PrintWriter;
import java.time.Clock;

/** Everything a cluster command holds open while it runs; closes it all in one place. */
final class ClusterSession implements AutoCloseable {

  final Inventory inventory;
  final Fleet fleet;
  final LiveCluster cluster;
  final Progress progress;

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

  Deployer deployer() {
    return new Deployer(fleet, cluster, progress, Clock.systemUTC());
  }

  /** The Kafka distribution the inventory asks for, verified; a problem is bad input (exit 2). */
  static KafkaArtifact resolveArtifact(Inventory inventory) {
    try {
      return new ArtifactResolver(ArtifactResolver.defaultStewardHome()).resolve(inventory.kafka());
    } catch (ArtifactException e) {
      throw new ExitException(ExitCode.BAD_INPUT, e.field() + ": " + e.getMessage() + "; " + e.fix());
    }
  }

  @Override
  public void close() {
    progress.close();
    cluster.close();
    fleet.close();
  }
}
