package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.ApplyOptions;
import dev.steward.coordinator.deploy.ApplyReportFormatter;
import dev.steward.coordinator.deploy.ApplyResult;
import dev.steward.coordinator.ensemble.EnsembleAdmin;
import dev.steward.coordinator.ensemble.EnsembleChangeCheck;
import dev.steward.coordinator.ensemble.EnsembleChangeExecutor;
import dev.steward.coordinator.ensemble.EnsembleChangePlan;
import dev.steward.coordinator.ensemble.EnsembleChangePlanner;
import dev.steward.coordinator.ensemble.EnsembleMember;
import dev.steward.coordinator.ensemble.LiveEnsembleHosts;
import dev.steward.coordinator.ensemble.WantedMembers;
import dev.steward.coordinator.ensemble.ZooKeeperSuperuser;
import dev.steward.coordinator.gate.Gate;
import dev.steward.coordinator.gate.GateTimeoutException;
import dev.steward.coordinator.pki.PkiLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An apply that changes the ZooKeeper ensemble's members, in three parts (docs/scaling.md):
 * <ol>
 *   <li>the inventory with only the members that run now and stay, applied as usual: this is the
 *       enabling roll when the members do not run with reconfig yet, and it starts no new member;</li>
 *   <li>the membership steps, re-planned from {@code /zookeeper/config} as it is then, one member at
 *       a time ({@link EnsembleChangeExecutor} over the agents);</li>
 *   <li>the whole inventory, applied as usual: the brokers' new {@code zookeeper.connect} makes their
 *       restarts pending, and apply's rolling restart rolls them.</li>
 * </ol>
 * Each part starts only when the one before ended well. A failure leaves a healthy ensemble
 * (every step is committed or not at all) and running apply again continues from what runs.
 */
final class MembershipChangeApply {

  private MembershipChangeApply() {
  }

  static ApplyResult run(Inventory inventory, EnsembleChangeCheck.Change change, KafkaArtifact artifact,
      ApplyOptions options, Path inventoryFile, boolean allowEvenEnsemble, PrintWriter err) {
    try (ClusterSession interim = ClusterSession.open(change.interim(), err, false)) {
      interim.requireNoUnfinishedRollout(inventoryFile);
      interim.progress.info("zookeeper: first the members as they run (" + change.interim().zookeeperHosts().size()
          + "), with dynamic membership");
      ApplyResult first = interim.deployer().apply(change.interim(), artifact,
          options.withEnsembleChecked().withoutSmokeTest(), interim.pendingRestartRoller(inventoryFile));
      interim.progress.close();
      if (!first.ok()) {
        return first;
      }
      // beside the progress: stdout holds the final report alone (it may be JSON)
      err.print(ApplyReportFormatter.text(first, false));
    }
    try (ClusterSession session = ClusterSession.open(inventory, err, false)) {
      changeMembers(session, inventory, change, artifact, allowEvenEnsemble);
      ApplyResult last = session.deployer().apply(inventory, artifact, options.withEnsembleChecked(),
          session.pendingRestartRoller(inventoryFile));
      session.progress.close();
      return last;
    }
  }

  private static void changeMembers(ClusterSession session, Inventory inventory, EnsembleChangeCheck.Change change,
      KafkaArtifact artifact, boolean allowEvenEnsemble) {
    Path pki = PkiLocation.of(inventory, Optional.empty());
    Duration timeout = inventory.rollout().zookeeperReadyTimeout();
    try (EnsembleAdmin admin = EnsembleAdmin.connect(change.interim().zookeeperConnect(),
        ZooKeeperSuperuser.loadOrCreate(pki), Duration.ofSeconds(30))) {
      // the first part took minutes: plan again from the membership as it is now; the members run with reconfig
      EnsembleChangePlan plan = EnsembleChangePlanner.plan(admin.config(), WantedMembers.of(inventory), true,
          allowEvenEnsemble);
      if (plan.refusal().isPresent()) {
        throw new ExitException(ExitCode.FAILURE, "zookeeper: " + plan.refusal().get());
      }
      String operationId = "ensemble-" + admin.config().version();
      new EnsembleChangeExecutor(new LiveEnsembleHosts(inventory, session.fleet, session.deployer(), artifact,
          operationId), admin, new AfterTheInterimApply(), new Gate(inventory.rollout().pollInterval()),
          timeout.isZero() ? Duration.ofMinutes(5) : timeout, session.progress).run(plan);
    } catch (GateTimeoutException e) {
      throw new ExitException(ExitCode.FAILURE, "zookeeper: " + e.getMessage() + ". Every step before it is "
          + "committed and the ensemble serves; run apply again to continue");
    } catch (IOException e) {
      throw new ExitException(ExitCode.FAILURE, "zookeeper: " + e.getMessage() + ". Every step before it is "
          + "committed and the ensemble serves; run apply again to continue");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExitException(ExitCode.FAILURE, "interrupted during the ensemble change");
    }
  }

  /** The steps the rollout engine does within apply's own parts: the interim apply, the final one. */
  private static final class AfterTheInterimApply implements EnsembleChangeExecutor.RolloutSteps {
    @Override
    public void enableReconfig(List<EnsembleMember> members) {
      // done by the interim apply's rolling restart
    }

    @Override
    public void rollBrokers(List<EnsembleMember> members) {
      // done by the final apply's rolling restart
    }
  }
}
