package dev.steward.coordinator.backup;

import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.DescribeDataResponse;
import dev.steward.agent.v1.KafkaLogDir;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.RestoreZooKeeperDataResponse;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.KafkaVersion;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.ZooKeeperService;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.gate.Gate;
import dev.steward.coordinator.gate.GateTimeoutException;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.probe.ProbeException;
import dev.steward.coordinator.progress.Progress;
import dev.steward.coordinator.service.Readiness;
import dev.steward.coordinator.service.ServiceGates;
import dev.steward.coordinator.smoke.SmokeTestResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code steward restore zookeeper}: the disaster case, where the ensemble's data is gone but the
 * brokers' logs are not. Everything that can refuse does so before anything stops: the archive's
 * checksum, that ZooKeeper's recovery replays it, that its cluster id is the one in every broker's
 * meta.properties (the wrong backup would orphan every broker), that no member runs an older
 * ZooKeeper than the one it was taken from, and that every agent answers. Then brokers stop, the
 * ensemble stops, every member gets the same data, the ensemble starts and forms a quorum, the
 * backup's broker sessions expire, the brokers start and a produce/consume check runs.
 */
public final class ZooKeeperRestore {

  private static final Duration CONTROL_DEADLINE = Duration.ofMinutes(5);
  /** Broker sessions restored with the data last zookeeper.session.timeout.ms (18 s by default) after the ensemble starts. */
  private static final Duration STALE_SESSIONS_TIMEOUT = Duration.ofMinutes(2);
  private static final int SMOKE_RECORDS = 10;

  /** What the checks found, and the steps {@link #execute} would take. */
  public record RestorePlan(BackupArchive.Opened backup, ZooKeeperDataCheck.Replayed replayed, List<String> steps) {
  }

  /** What was done: per member, where the replaced data went; and the closing check. */
  public record RestoreResult(Map<String, RestoreZooKeeperDataResponse> members, SmokeTestResult smokeTest) {
  }

  private final Inventory inventory;
  private final Fleet fleet;
  private final LiveCluster cluster;
  private final Gate gate;

  public ZooKeeperRestore(Inventory inventory, Fleet fleet, LiveCluster cluster, Gate gate) {
    this.inventory = inventory;
    this.fleet = fleet;
    this.cluster = cluster;
    this.gate = gate;
  }

  /** Every check; changes nothing anywhere. {@code workDir} receives the unpacked archive. */
  public RestorePlan plan(Path archive, Path workDir) throws BackupException, IOException {
    BackupArchive.Opened backup = BackupArchive.open(archive, workDir);
    ZooKeeperDataCheck.Replayed replayed;
    try {
      replayed = ZooKeeperDataCheck.replay(workDir);
    } catch (IOException e) {
      throw BackupException.refused("--from: " + archive + " does not replay with ZooKeeper's recovery ("
          + e.getMessage() + "): restore from another backup");
    }
    String clusterId = replayed.clusterId().orElseThrow(() -> BackupException.refused("--from: the data in "
        + archive + " has no /cluster/id: it is not the backup of a Kafka cluster"));
    if (!clusterId.equals(backup.manifest().clusterId())) {
      throw BackupException.refused("--from: the manifest of " + archive + " says cluster id "
          + backup.manifest().clusterId() + " but its data holds " + clusterId + ": the archive was altered");
    }
    Map<HostSpec, DescribeDataResponse> hosts = describeEveryHost();
    checkMembers(backup.manifest(), hosts);
    checkBrokers(clusterId, hosts);
    return new RestorePlan(backup, replayed, steps(backup, replayed));
  }

  private Map<HostSpec, DescribeDataResponse> describeEveryHost() throws BackupException {
    List<HostSpec> targets = inventory.hosts().stream().filter(h -> h.runsZooKeeper() || h.runsKafka()).toList();
    Map<HostSpec, Fleet.Outcome<DescribeDataResponse>> answers = fleet.readEach(targets, a -> a.describeData());
    Map<HostSpec, DescribeDataResponse> described = new LinkedHashMap<>();
    List<String> silent = new ArrayList<>();
    answers.forEach((host, outcome) -> {
      if (outcome.ok()) {
        described.put(host, outcome.value());
      } else {
        silent.add(host.name() + " (" + outcome.errorMessage() + ")");
      }
    });
    if (!silent.isEmpty()) {
      throw BackupException.failed("a restore needs every host's agent, and these did not answer: "
          + String.join(", ", silent) + "; start them (systemctl start steward-agent) and run the restore again");
    }
    return described;
  }

  private void checkMembers(BackupManifest manifest, Map<HostSpec, DescribeDataResponse> hosts)
      throws BackupException {
    for (HostSpec member : inventory.zookeeperHosts()) {
      var zk = hosts.get(member).getZookeeper();
      if (!zk.getDefined()) {
        throw BackupException.refused(member.name() + ": ZooKeeper is not installed there: run steward apply first "
            + "(it lays down users, binaries, configuration and myid), then restore");
      }
      if (zk.getMyid() != member.zookeeperId().getAsInt()) {
        throw BackupException.refused(member.name() + ": " + zk.getDataDir() + "/myid holds "
            + (zk.getMyid() == 0 ? "nothing" : zk.getMyid()) + ", the inventory says zookeeperId "
            + member.zookeeperId().getAsInt() + ": run steward apply first, then restore");
      }
      if (isNewer(manifest.zookeeperVersion(), zk.getInstalledVersion())) {
        throw BackupException.refused("--from: the backup was taken from ZooKeeper " + manifest.zookeeperVersion()
            + " and " + member.name() + " runs ZooKeeper " + zk.getInstalledVersion() + ", which may not read "
            + "newer data: upgrade the cluster to the Kafka version the backup came from ("
            + manifest.kafkaVersion() + ") first");
      }
    }
  }

  /** The backup must be this cluster's: a broker whose meta.properties names another cluster would refuse to start. */
  private void checkBrokers(String clusterId, Map<HostSpec, DescribeDataResponse> hosts) throws BackupException {
    for (HostSpec broker : inventory.brokerHosts()) {
      for (KafkaLogDir dir : hosts.get(broker).getKafka().getLogDirsList()) {
        if (dir.getHasMeta() && !dir.getClusterId().equals(clusterId)) {
          throw BackupException.refused("--from: the backup is of Kafka cluster " + clusterId + " but "
              + broker.name() + "'s " + dir.getPath() + "/meta.properties says cluster.id=" + dir.getClusterId()
              + ": restoring it would orphan every broker; restore a backup of this cluster (its manifest names "
              + "the cluster id)");
        }
      }
    }
  }

  /** ZooKeeper numbers its releases major.minor.patch, as Kafka does; an unknown version is not refused on a guess. */
  static boolean isNewer(String backup, String installed) {
    if (backup.isEmpty() || installed.isEmpty()) {
      return false;
    }
    try {
      return KafkaVersion.parse(backup).compareTo(KafkaVersion.parse(installed)) > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private List<String> steps(BackupArchive.Opened backup, ZooKeeperDataCheck.Replayed replayed) {
    List<String> brokers = inventory.brokerHosts().stream().map(HostSpec::name).toList();
    List<String> members = inventory.zookeeperHosts().stream().map(HostSpec::name).toList();
    return List.of(
        "push " + backup.archive().getFileName() + " (cluster " + backup.manifest().clusterId() + ", last zxid 0x"
            + replayed.lastZxidHex() + ", " + replayed.topics().size() + " topics, taken "
            + backup.manifest().createdAt() + ") to " + members,
        "stop Kafka on " + brokers,
        "stop ZooKeeper on " + members,
        "on " + members + ": move version-2 aside (kept, not deleted) and lay the backup down in its place",
        "start ZooKeeper on " + members + " and wait for a quorum with every member synced",
        "wait until the broker sessions restored with the data have expired",
        "start Kafka on " + brokers + " and wait until every broker is registered and every partition is led and "
            + "fully replicated again",
        "produce and consume " + SMOKE_RECORDS + " records");
  }

  public RestoreResult execute(RestorePlan plan, Progress progress) throws BackupException, InterruptedException {
    List<HostSpec> members = inventory.zookeeperHosts();
    List<HostSpec> brokers = inventory.brokerHosts();
    String sha512 = plan.backup().sha512();
    progress.phase("push the backup");
    onEach(members, agent -> agent.pushArtifact(plan.backup().archive(), sha512));
    progress.phase("stop Kafka");
    control(brokers, ServiceName.SERVICE_NAME_KAFKA, ServiceAction.SERVICE_ACTION_STOP);
    progress.phase("stop ZooKeeper");
    control(members, ServiceName.SERVICE_NAME_ZOOKEEPER, ServiceAction.SERVICE_ACTION_STOP);
    progress.phase("lay the backup down");
    Map<String, RestoreZooKeeperDataResponse> restored = new LinkedHashMap<>();
    for (HostSpec member : members) {
      RestoreZooKeeperDataResponse response = call(member,
          () -> fleet.agent(member).restoreZooKeeperData(UUID.randomUUID().toString(), sha512));
      progress.step(member.name(), response.getFiles() + " files in " + response.getRestoredList()
          + (response.getMovedAsideCount() == 0 ? "" : "; the data it replaced is in " + response.getMovedAsideList()));
      restored.put(member.name(), response);
    }
    progress.phase("start ZooKeeper");
    control(members, ServiceName.SERVICE_NAME_ZOOKEEPER, ServiceAction.SERVICE_ACTION_START);
    await(ServiceGates.of(ZooKeeperService.NAME, inventory, cluster), progress);
    await(new ServiceGates.Gate("restored broker sessions expired",
        "the broker registrations restored with the data gone (their sessions expire)",
        () -> {
          Set<Integer> stale = cluster.registeredBrokers();
          return new Readiness(stale.isEmpty(), "still registered from the backup: " + stale);
        }, STALE_SESSIONS_TIMEOUT), progress);
    progress.phase("start Kafka");
    control(brokers, ServiceName.SERVICE_NAME_KAFKA, ServiceAction.SERVICE_ACTION_START);
    await(ServiceGates.of(KafkaService.NAME, inventory, cluster), progress);
    await(partitionsBackOnline(brokers), progress);
    progress.phase("produce/consume check");
    SmokeTestResult smoke = cluster.smokeTest(brokers.size(), SMOKE_RECORDS);
    if (!smoke.passed()) {
      throw BackupException.failed("the data is restored and every service runs, but the produce/consume check "
          + "failed: " + smoke.error() + "; see steward status");
    }
    return new RestoreResult(restored, smoke);
  }

  /**
   * Registered is not yet serving: the controller must see every broker and elect a leader for
   * every partition again before a produce can succeed.
   */
  private ServiceGates.Gate partitionsBackOnline(List<HostSpec> brokers) {
    Set<Integer> expected = brokers.stream().map(h -> h.brokerId().getAsInt()).collect(Collectors.toSet());
    return new ServiceGates.Gate("partitions back online",
        "every broker " + expected + " in the controller's view and every partition led and fully replicated",
        () -> {
          KafkaSnapshot snapshot;
          try {
            snapshot = cluster.kafkaSnapshot();
          } catch (ProbeException e) {
            throw new IllegalStateException(e.getMessage(), e);
          }
          boolean ready = snapshot.liveBrokers().containsAll(expected) && snapshot.offlineCount() == 0
              && snapshot.underReplicatedCount() == 0;
          return new Readiness(ready, "brokers " + new java.util.TreeSet<>(snapshot.liveBrokers()) + ", "
              + snapshot.offlineCount() + " offline and " + snapshot.underReplicatedCount()
              + " under-replicated partitions");
        }, inventory.rollout().brokerReadyTimeout());
  }

  private void await(ServiceGates.Gate wanted, Progress progress) throws BackupException, InterruptedException {
    try {
      gate.await(wanted.name(), wanted.check(), Readiness::ready, Readiness::detail, wanted.timeout(), progress);
    } catch (GateTimeoutException e) {
      throw BackupException.failed(e.getMessage() + "; the restored data is in place: see steward status, and "
          + "run the restore again if the services do not recover");
    }
  }

  private void control(List<HostSpec> hosts, ServiceName service, ServiceAction action) throws BackupException {
    onEach(hosts, agent -> agent.control(ControlServiceRequest.newBuilder()
        .setOperationId(UUID.randomUUID().toString()).setService(service).setAction(action)
        .setReason(RestartReasonKind.RESTART_REASON_KIND_MANUAL).build(), CONTROL_DEADLINE));
  }

  private <T> void onEach(List<HostSpec> hosts, java.util.function.Function<AgentClient, T> call)
      throws BackupException {
    List<String> failed = new ArrayList<>();
    fleet.onEach(hosts, call).forEach((host, outcome) -> {
      if (!outcome.ok()) {
        failed.add(host.name() + ": " + outcome.errorMessage());
      }
    });
    if (!failed.isEmpty()) {
      throw BackupException.failed(String.join("; ", failed) + "; nothing was deleted: run the restore again once "
          + "the cause is fixed");
    }
  }

  private static <T> T call(HostSpec host, java.util.function.Supplier<T> rpc) throws BackupException {
    try {
      return rpc.get();
    } catch (RuntimeException e) {
      throw BackupException.failed(host.name() + ": " + e.getMessage() + "; nothing was deleted: run the restore "
          + "again once the cause is fixed");
    }
  }
}
