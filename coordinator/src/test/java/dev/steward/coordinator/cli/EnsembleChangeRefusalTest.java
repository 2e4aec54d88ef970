package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.agent.Agent;
import dev.steward.agent.AgentConfig;
import dev.steward.agent.service.supervisor.SupervisorBackend;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.ensemble.ZooKeeperProcesses;
import dev.steward.coordinator.ensemble.ZooKeeperSuperuser;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What plan and apply say, before anything is touched, about an inventory whose ZooKeeper voters
 * differ from a running ensemble's: three real members on 127.0.23.1-3, as a sandbox runs them, and
 * real agents (plaintext, as in a sandbox) for the two hosts that join, on 127.0.23.4-5.
 */
class EnsembleChangeRefusalTest {

  private static final List<String> ADDRESSES = List.of("127.0.23.1", "127.0.23.2", "127.0.23.3");
  private static final List<String> JOINING = List.of("127.0.23.4", "127.0.23.5");

  @TempDir
  static Path root;

  private static ZooKeeperProcesses ensemble;
  private static int clientPort;
  private static int peerPort;
  private static int electionPort;
  private static int agentPort;
  private static final List<Agent> agents = new ArrayList<>();

  @BeforeAll
  static void startThreeMembers() throws Exception {
    ensemble = new ZooKeeperProcesses(root, new ZooKeeperSuperuser("steward", "test-only-superuser"));
    clientPort = ZooKeeperProcesses.portFreeOn(ADDRESSES, 22181);
    peerPort = ZooKeeperProcesses.portFreeOn(ADDRESSES, clientPort + 1);
    electionPort = ZooKeeperProcesses.portFreeOn(ADDRESSES, peerPort + 1);
    ensemble.startEnsemble(ensemble.membersOn(ADDRESSES, clientPort, peerPort, electionPort));
    agentPort = ZooKeeperProcesses.portFreeOn(JOINING, electionPort + 1);
    for (int i = 0; i < JOINING.size(); i++) {
      Path hostRoot = Files.createDirectories(root.resolve("hosts").resolve("h" + (i + 4)));
      AgentConfig config = new AgentConfig(new InetSocketAddress(JOINING.get(i), agentPort), hostRoot,
          hostRoot.resolve("var/lib/steward"), AgentConfig.BackendChoice.SUPERVISOR, true, null,
          Path.of(System.getProperty("java.home")), 1 << 20, null);
      agents.add(Agent.create(config, SupervisorBackend::new,
          NettyServerBuilder.forAddress(new InetSocketAddress(JOINING.get(i), agentPort)), Clock.systemUTC()).start());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    agents.forEach(Agent::close);
    ensemble.close();
  }

  @AfterEach
  void removePlantedMyIds() throws Exception {
    for (String host : List.of("h4", "h5")) {
      Files.deleteIfExists(myIdOf(host));
    }
  }

  /** The myid h4 or h5 would get, under its agent's host root (the inventory's dataDir is the default). */
  private static Path myIdOf(String host) {
    return root.resolve("hosts").resolve(host).resolve("var/lib/zookeeper/myid");
  }

  private static Path plant(String host, String content) throws Exception {
    Path myId = myIdOf(host);
    Files.createDirectories(myId.getParent());
    return Files.writeString(myId, content);
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

  @Test
  void aJoiningHostWhoseDataDirHoldsAnotherMembersMyIdIsBadInputAndKeepsIt() throws Exception {
    Path planted = plant("h4", "9\n");

    ExitException refused = catchThrowableOfType(() -> ClusterSession.ensembleChange(growToFive(), false),
        ExitException.class);

    assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(refused.getMessage()).startsWith("zookeeper: hosts[h4]: /var/lib/zookeeper/myid on h4 holds id 9, "
        + "but the inventory adds h4 to the ensemble as zookeeperId 4").contains("Move the old data aside on h4")
        .doesNotContain("hosts[h5]").endsWith("nothing was changed");
    assertThat(planted).hasContent("9\n");
    assertThat(myIdOf("h5")).doesNotExist();
  }

  @Test
  void aJoiningHostWhoseMyIdIsNoIdIsBadInput() throws Exception {
    plant("h5", "not an id\n");

    ExitException refused = catchThrowableOfType(() -> ClusterSession.ensembleChange(growToFive(), false),
        ExitException.class);

    assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(refused.getMessage()).startsWith("zookeeper: hosts[h5]: /var/lib/zookeeper/myid on h5 is there but "
        + "holds no ZooKeeper id").contains("zookeeperId 5");
  }

  @Test
  void aRetriedJoinWhoseDataDirHoldsItsOwnMyIdIsAChange() throws Exception {
    plant("h4", "4\n");

    assertThat(ClusterSession.ensembleChange(growToFive(), false)).get()
        .isInstanceOf(dev.steward.coordinator.ensemble.EnsembleChangeCheck.Change.class);
  }

  private Inventory growToFive() throws Exception {
    return inventory("""
        - {name: h1, address: 127.0.23.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 127.0.23.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 127.0.23.3, zookeeperId: 3, brokerId: 3}
        - {name: h4, address: 127.0.23.4, zookeeperId: 4}
        - {name: h5, address: 127.0.23.5, zookeeperId: 5}
        """, "  dynamicMembership: true\n");
  }

  private Inventory inventory(String hostLines) throws Exception {
    return inventory(hostLines, "");
  }

  private Inventory inventory(String hostLines, String zookeeperLines) throws Exception {
    String yaml = "cluster: refusal\nkafka:\n  version: 3.9.1\nzookeeper:\n  clientPort: " + clientPort
        + "\n  peerPort: " + peerPort + "\n  electionPort: " + electionPort
        + "\n  bindClientPortToHostAddress: true\n" + zookeeperLines + "agent:\n  tls: false\n  port: " + agentPort
        + "\ninstall: {user: \"\", group: \"\", javaPackage: \"\"}\nhosts:\n" + hostLines.indent(2);
    return new InventoryLoader(ValidationOptions.strict()).parse(yaml, root, "test").inventory();
  }
}
