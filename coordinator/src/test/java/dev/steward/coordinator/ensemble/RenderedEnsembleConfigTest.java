package dev.steward.coordinator.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.common.render.ZooKeeperPropertiesRenderer;
import dev.steward.common.state.HostLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every apply now reads {@code /zookeeper/config} before it touches anything, so an ensemble as
 * Steward renders it today (static server.N lines, no reconfigEnabled) must read back as exactly
 * the inventory's members: otherwise every apply on an existing cluster would be refused.
 */
class RenderedEnsembleConfigTest {

  private static final List<String> ADDRESSES = List.of("127.0.23.11", "127.0.23.12", "127.0.23.13");

  @TempDir
  Path root;

  @Test
  void anEnsembleRenderedAsTodayReadsBackAsTheInventorysMembers() throws Exception {
    int clientPort = ZooKeeperProcesses.portFreeOn(ADDRESSES, 23181);
    int peerPort = ZooKeeperProcesses.portFreeOn(ADDRESSES, clientPort + 1);
    int electionPort = ZooKeeperProcesses.portFreeOn(ADDRESSES, peerPort + 1);
    String yaml = "cluster: rendered\nkafka:\n  version: 3.9.1\nzookeeper:\n  clientPort: " + clientPort
        + "\n  peerPort: " + peerPort + "\n  electionPort: " + electionPort
        + "\n  bindClientPortToHostAddress: true\nhosts:\n"
        + "  - {name: h1, address: 127.0.23.11, zookeeperId: 1, brokerId: 1}\n"
        + "  - {name: h2, address: 127.0.23.12, zookeeperId: 2, brokerId: 2}\n"
        + "  - {name: h3, address: 127.0.23.13, zookeeperId: 3, brokerId: 3}\n";
    Inventory inventory = new InventoryLoader(ValidationOptions.strict()).parse(yaml, root, "test").inventory();

    try (ZooKeeperProcesses ensemble = new ZooKeeperProcesses(root, EnsembleChangeExecutorTest.SUPERUSER)) {
      List<EnsembleMember> started = new ArrayList<>();
      for (HostSpec host : inventory.zookeeperHosts()) {
        HostLayout layout = new HostLayout(root.resolve(host.name()).toString());
        Path dataDir = Path.of(layout.real(inventory.zookeeper().dataDir()));
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("myid"), host.zookeeperId().getAsInt() + "\n");
        Path cfg = root.resolve(host.name()).resolve("zookeeper.properties");
        Files.writeString(cfg, ZooKeeperPropertiesRenderer.render(inventory, host, layout));
        EnsembleMember member = WantedMembers.of(inventory).get(started.size());
        ensemble.launch(member.withClient(host.address() + ":" + clientPort), cfg);
        started.add(member);
      }
      EnsembleConfig running = awaitConfig(inventory);

      assertThat(running.ids()).containsExactly(1, 2, 3);
      assertThat(running.member(2).get().address()).isEqualTo("127.0.23.12");
      EnsembleChangePlan plan = EnsembleChangePlanner.plan(running, WantedMembers.of(inventory), false, false);
      assertThat(plan.refusal()).isEmpty();
      assertThat(plan.steps()).isEmpty();
      assertThat(EnsembleChangeCheck.refusal(running, inventory, false)).isEmpty();
    }
  }

  private static EnsembleConfig awaitConfig(Inventory inventory) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        EnsembleConfig config = EnsembleAdmin.readConfig(inventory.zookeeperConnect(), Duration.ofSeconds(10));
        if (!config.members().isEmpty() || System.nanoTime() > deadline) {
          return config;
        }
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(200);
    }
  }
}
