package dev.steward.coordinator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.Agent;
import dev.steward.agent.AgentConfig;
import dev.steward.agent.service.supervisor.SupervisorBackend;
import dev.steward.agent.v1.ResourceStatus;
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
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `plan` against real agents on hosts where nothing is installed yet (the first thing a user
 * runs): every resource would change, nothing fails (the distribution has not been pushed yet,
 * and that is fine for a plan), and nothing on any host changes.
 */
class PlanOnFreshHostsTest {

  @TempDir
  Path dir;

  private final List<Agent> agents = new ArrayList<>();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void stopAgents() {
    agents.forEach(Agent::close);
  }

  private Inventory sandboxLikeInventory() throws Exception {
    Path tgz = Files.writeString(dir.resolve("kafka_2.13-3.9.1.tgz"), "not pushed in a plan");
    String yaml = """
        cluster: fresh
        kafka: {version: 3.9.1, heap: 512m, artifact: {path: %s, sha512: %s}}
        zookeeper: {heap: 256m, bindClientPortToHostAddress: true}
        install: {user: "", group: "", javaPackage: ""}
        sysctl: {enabled: false}
        preflight: {minMemory: 1GiB, minFreeDisk: 1GiB}
        agent: {tls: false}
        hosts:
          - {name: a-%s, address: 127.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b-%s, address: 127.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c-%s, address: 127.0.0.3, zookeeperId: 3, brokerId: 3}
        """.formatted(tgz, "cd".repeat(64), suffix, suffix, suffix);
    return new InventoryLoader(ValidationOptions.strict()).parse(yaml, dir, "fresh").inventory();
  }

  private Path startAgent(String name) throws IOException {
    Path root = Files.createDirectories(dir.resolve("hosts").resolve(name));
    AgentConfig config = new AgentConfig(new InetSocketAddress("127.0.0.1", 0), root, root.resolve("var/lib/steward"),
        AgentConfig.BackendChoice.SUPERVISOR, true, null, Path.of(System.getProperty("java.home")), 1 << 20, null);
    agents.add(Agent.create(config, SupervisorBackend::new, InProcessServerBuilder.forName(name).directExecutor(),
        Clock.systemUTC()).start());
    return root;
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        String relative = root.relativize(path).toString();
        if (relative.startsWith("var/lib/steward")) {
          continue; // the agent's own journal of the plan operation
        }
        tree.put(relative, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "dir" : Long.toString(Files.size(path)));
      }
    }
    return tree;
  }

  @Test
  void planOnFreshHostsShowsEveryChangeFailsNothingAndChangesNothing() throws Exception {
    Inventory inventory = sandboxLikeInventory();
    Map<String, Map<String, String>> before = new TreeMap<>();
    for (var host : inventory.hosts()) {
      Path root = startAgent(host.name());
      before.put(host.name(), tree(root));
    }
    Deployer.ClusterObserver nothingRunsYet = new Deployer.ClusterObserver() {
      @Override
      public EnsembleSnapshot ensemble() {
        // read once, for the membership check (fresh hosts: nothing answers); a plan never waits for it
        return new EnsembleSnapshot(inventory.zookeeperHosts().stream()
            .map(host -> ZooKeeperNodeState.unreachable(host.name(), host.zookeeperId().getAsInt(), "not deployed"))
            .toList());
      }

      @Override
      public Set<Integer> registeredBrokers() {
        throw new IllegalStateException("a plan never waits for brokers");
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
        throw new IllegalStateException("a plan never produces");
      }
    };

    ApplyResult plan;
    try (Fleet fleet = new Fleet(inventory, host -> InProcessChannelBuilder.forName(host.name()).directExecutor().build())) {
      plan = new Deployer(fleet, nothingRunsYet, Progress.silent(), Clock.systemUTC())
          .plan(inventory, new KafkaArtifact(dir.resolve("kafka_2.13-3.9.1.tgz"), "cd".repeat(64)));
    }

    assertThat(plan.failure()).as("the plan of a fresh cluster must not fail").isEmpty();
    assertThat(plan.anyChange()).isTrue();
    List<String> statuses = plan.phases().stream().flatMap(p -> p.hosts().stream()).flatMap(h -> h.results().stream())
        .map(r -> r.getId() + "=" + r.getStatus()).toList();
    assertThat(statuses).isNotEmpty()
        .noneMatch(s -> s.endsWith("=" + ResourceStatus.RESOURCE_STATUS_FAILED))
        .anyMatch(s -> s.equals("archive:kafka=" + ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE))
        .anyMatch(s -> s.equals("service:kafka=" + ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE));
    for (var host : inventory.hosts()) {
      assertThat(tree(dir.resolve("hosts").resolve(host.name()))).as(host.name() + " unchanged")
          .isEqualTo(before.get(host.name()));
    }
  }
}
