package dev.steward.coordinator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import dev.steward.coordinator.progress.Progress;
import dev.steward.coordinator.smoke.SmokeTestResult;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deployer's sequencing rules, over stand-in agents: ZooKeeper before Kafka, Kafka never
 * while ZooKeeper lacks quorum, nothing at all when preflight fails, and nothing after a
 * failed phase.
 */
class DeployerOrderTest {

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final RecordingAgent.Journal journal = new RecordingAgent.Journal();
  private final List<RecordingAgent> agents = new ArrayList<>();
  private Inventory inventory;
  private Fleet fleet;

  /** What the stand-in cluster reports between phases. */
  private volatile boolean quorum = true;

  @org.junit.jupiter.api.io.TempDir
  Path dir;

  @BeforeEach
  void setUp() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("kafka.tgz"), "not really a distribution");
    java.nio.file.Files.writeString(dir.resolve("kafka.tgz.sha512"), "ab".repeat(64) + "  kafka.tgz\n");
    String yaml = """
        cluster: order
        kafka:
          version: 3.9.1
          artifact: {path: kafka.tgz, sha512: %s}
        agent: {tls: false}
        rollout: {zookeeperReadyTimeout: 1s, brokerReadyTimeout: 1s, pollInterval: 10ms}
        hosts:
          - {name: a-%s, address: 127.0.0.1, zookeeperId: 1, brokerId: 1, agentPort: 17001}
          - {name: b-%s, address: 127.0.0.2, zookeeperId: 2, brokerId: 2, agentPort: 17001}
          - {name: c-%s, address: 127.0.0.3, zookeeperId: 3, brokerId: 3, agentPort: 17001}
        """.formatted("ab".repeat(64), suffix, suffix, suffix);
    inventory = new InventoryLoader(ValidationOptions.strict()).parse(yaml, dir, "test").inventory();
    for (var host : inventory.hosts()) {
      agents.add(new RecordingAgent(host.name(), journal));
    }
    fleet = new Fleet(inventory, host -> InProcessChannelBuilder.forName(host.name()).directExecutor().build());
  }

  @AfterEach
  void tearDown() {
    fleet.close();
    agents.forEach(RecordingAgent::close);
  }

  private Deployer deployer() {
    Deployer.ClusterObserver observer = new Deployer.ClusterObserver() {
      @Override
      public EnsembleSnapshot ensemble() {
        List<ZooKeeperNodeState> nodes = new ArrayList<>();
        for (var host : inventory.zookeeperHosts()) {
          int id = host.zookeeperId().getAsInt();
          nodes.add(quorum
              ? new ZooKeeperNodeState(host.name(), id, true, id == 1 ? "leader" : "follower",
                  Map.of("zk_synced_followers", "2", "zk_pending_syncs", "0"), "")
              : ZooKeeperNodeState.unreachable(host.name(), id, "connection refused"));
        }
        return new EnsembleSnapshot(nodes);
      }

      @Override
      public Set<Integer> registeredBrokers() {
        return Set.of(1, 2, 3);
      }

      @Override
      public dev.steward.coordinator.connect.ConnectClusterSnapshot connect() {
        return new dev.steward.coordinator.connect.ConnectClusterSnapshot(List.of(), Map.of());
      }

      @Override
      public Map<String, Integer> replicationFactors(java.util.Collection<String> topics) {
        return Map.of();
      }

      @Override
      public SmokeTestResult smokeTest(int brokerCount, int records) {
        return new SmokeTestResult("t", 6, 3, records, records, Duration.ZERO, null);
      }
    };
    return new Deployer(fleet, observer, Progress.silent(), Clock.systemUTC());
  }

  private ApplyResult apply() {
    return deployer().apply(inventory, new KafkaArtifact(Path.of("/nonexistent/kafka.tgz"), "ab".repeat(64)),
        new ApplyOptions(true, 10));
  }

  private List<String> phasesApplied() {
    return journal.applies.stream().map(RecordingAgent.Applied::phase).toList();
  }

  @Test
  void zookeeperConvergesEverywhereBeforeAnyKafkaResource() {
    ApplyResult result = apply();

    assertThat(result.ok()).as(result.failure().orElse("")).isTrue();
    assertThat(journal.applies).noneMatch(RecordingAgent.Applied::dryRun);
    List<String> phases = phasesApplied();
    assertThat(phases).containsSubsequence("base", "zookeeper", "kafka");
    int lastZooKeeper = phases.lastIndexOf("zookeeper");
    int firstKafka = phases.indexOf("kafka");
    assertThat(lastZooKeeper).isLessThan(firstKafka);
    assertThat(phases.stream().filter("kafka"::equals)).hasSize(3);
  }

  @Test
  void kafkaIsNeverStartedWhileZooKeeperLacksQuorum() {
    quorum = false;

    ApplyResult result = apply();

    assertThat(result.ok()).isFalse();
    assertThat(result.failure()).get().asString().contains("ZooKeeper quorum");
    assertThat(phasesApplied()).contains("zookeeper").doesNotContain("kafka");
  }

  @Test
  void failedPreflightChangesNothingOnAnyHost() {
    agents.get(1).failPreflight = true;

    ApplyResult result = apply();

    assertThat(result.ok()).isFalse();
    assertThat(result.failure()).get().asString().contains("preflight failed").contains("memory");
    assertThat(journal.applies).isEmpty();
  }

  @Test
  void aFailedBasePhaseLeavesZooKeeperAndKafkaUntouched() {
    agents.get(2).failResourcePrefix = "dir:";

    ApplyResult result = apply();

    assertThat(result.ok()).isFalse();
    assertThat(phasesApplied()).containsOnly("base");
  }

  @Test
  void brokersOnAnotherKafkaReleaseAreLeftToTheRollingUpgrade() {
    agents.forEach(agent -> agent.kafkaRunningFrom = "/opt/kafka_2.13-3.9.1");
    agents.get(1).kafkaRunningFrom = "/opt/kafka_2.13-3.8.1";

    ApplyResult result = apply();

    assertThat(result.ok()).isFalse();
    assertThat(result.failure()).get().asString().contains("runs 3.8.1").contains("rollout upgrade");
    assertThat(journal.applies).isEmpty();
  }

  @Test
  void brokersOnTheInventorysReleaseAreConverged() {
    agents.forEach(agent -> agent.kafkaRunningFrom = "/opt/kafka_2.13-3.9.1");

    assertThat(apply().ok()).isTrue();
  }

  @Test
  void planNeverChangesAnythingAndReportsNoChangesWhenAllIsUnchanged() {
    ApplyResult plan = deployer().plan(inventory, new KafkaArtifact(Path.of("/nonexistent/kafka.tgz"), "ab".repeat(64)));

    assertThat(plan.ok()).as(plan.failure().orElse("")).isTrue();
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.anyChange()).isFalse();
    assertThat(phasesApplied()).containsOnly("base", "zookeeper", "kafka");
    assertThat(journal.applies).allMatch(RecordingAgent.Applied::dryRun);
  }
}
