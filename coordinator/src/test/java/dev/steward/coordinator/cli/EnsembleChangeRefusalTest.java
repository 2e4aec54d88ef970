package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.ensemble.ZooKeeperProcesses;
import dev.steward.coordinator.ensemble.ZooKeeperSuperuser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What plan and apply say, before anything is touched, about an inventory whose ZooKeeper voters
 * differ from a running ensemble's: three real members on 127.0.23.1-3, as a sandbox runs them.
 */
class EnsembleChangeRefusalTest {

  private static final List<String> ADDRESSES = List.of("127.0.23.1", "127.0.23.2", "127.0.23.3");

  @TempDir
  static Path root;

  private static ZooKeeperProcesses ensemble;
  private static int clientPort;
  private static int peerPort;
  private static int electionPort;

  @BeforeAll
  static void startThreeMembers() throws Exception {
    ensemble = new ZooKeeperProcesses(root, new ZooKeeperSuperuser("steward", "test-only-superuser"));
    clientPort = ZooKeeperProcesses.portFreeOn(ADDRESSES, 22181);
    peerPort = ZooKeeperProcesses.portFreeOn(ADDRESSES, clientPort + 1);
    electionPort = ZooKeeperProcesses.portFreeOn(ADDRESSES, peerPort + 1);
    ensemble.startEnsemble(ensemble.membersOn(ADDRESSES, clientPort, peerPort, electionPort));
  }

  @AfterAll
  static void stop() throws Exception {
    ensemble.close();
  }

  @Test
  void theRunningMembersPass() throws Exception {
    Inventory inventory = inventory("""
        - {name: h1, address: 127.0.23.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 127.0.23.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 127.0.23.3, zookeeperId: 3, brokerId: 3}
        - {name: h4, address: 127.0.23.4, brokerId: 4}
        """);

    assertThat(ClusterSession.ensembleChange(inventory, false)).get()
        .isInstanceOf(dev.steward.coordinator.ensemble.EnsembleChangeCheck.Unchanged.class);
  }

  @Test
  void aNewHostTakingARunningMembersIdIsBadInput() throws Exception {
    Inventory inventory = inventory("""
        - {name: h1, address: 127.0.23.1, zookeeperId: 1, brokerId: 1}
        - {name: h9, address: 127.0.23.9, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 127.0.23.3, zookeeperId: 3, brokerId: 3}
        """);

    ExitException refused = catchThrowableOfType(() -> ClusterSession.ensembleChange(inventory, false),
        ExitException.class);

    assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(refused.getMessage()).startsWith("zookeeper: hosts[h9].zookeeperId: 2 is taken: the running "
        + "ensemble's server.2 is 127.0.23.2, not h9 (127.0.23.9)").contains("nothing was changed");
  }

  @Test
  void growingAStaticEnsembleIsBadInputNamingDynamicMembership() throws Exception {
    Inventory inventory = inventory("""
        - {name: h1, address: 127.0.23.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 127.0.23.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 127.0.23.3, zookeeperId: 3, brokerId: 3}
        - {name: h4, address: 127.0.23.4, zookeeperId: 4, brokerId: 4}
        - {name: h5, address: 127.0.23.5, zookeeperId: 5, brokerId: 5}
        """);

    ExitException refused = catchThrowableOfType(() -> ClusterSession.ensembleChange(inventory, false),
        ExitException.class);

    assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(refused.getMessage()).startsWith("zookeeper.dynamicMembership: ")
        .contains("from [1, 2, 3] to [1, 2, 3, 4, 5]").contains("nothing was changed");
  }

  @Test
  void growingWithDynamicMembershipIsAChangeForApplyToRun() throws Exception {
    Inventory inventory = inventory("""
        - {name: h1, address: 127.0.23.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 127.0.23.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 127.0.23.3, zookeeperId: 3, brokerId: 3}
        - {name: h4, address: 127.0.23.4, zookeeperId: 4, brokerId: 4}
        - {name: h5, address: 127.0.23.5, zookeeperId: 5, brokerId: 5}
        """, "  dynamicMembership: true\n");

    var decision = ClusterSession.ensembleChange(inventory, false).orElseThrow();

    assertThat(decision).isInstanceOfSatisfying(dev.steward.coordinator.ensemble.EnsembleChangeCheck.Change.class,
        change -> {
          assertThat(change.description()).contains("from [1, 2, 3] to [1, 2, 3, 4, 5]")
              .contains("2. add server.4 (h4, 127.0.23.4)");
          assertThat(change.interim().zookeeperHosts()).extracting(h -> h.name()).containsExactly("h1", "h2", "h3");
        });
  }

  private Inventory inventory(String hostLines) throws Exception {
    return inventory(hostLines, "");
  }

  private Inventory inventory(String hostLines, String zookeeperLines) throws Exception {
    String yaml = "cluster: refusal\nkafka:\n  version: 3.9.1\nzookeeper:\n  clientPort: " + clientPort
        + "\n  peerPort: " + peerPort + "\n  electionPort: " + electionPort
        + "\n  bindClientPortToHostAddress: true\n" + zookeeperLines + "hosts:\n" + hostLines.indent(2);
    return new InventoryLoader(ValidationOptions.strict()).parse(yaml, root, "test").inventory();
  }
}
