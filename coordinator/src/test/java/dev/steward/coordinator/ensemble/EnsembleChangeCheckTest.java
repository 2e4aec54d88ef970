package dev.steward.coordinator.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleChangeCheckTest {

  private static final String RUNNING_THREE = """
      server.1=10.0.0.1:2888:3888:participant;0.0.0.0:2181
      server.2=10.0.0.2:2888:3888:participant;0.0.0.0:2181
      server.3=10.0.0.3:2888:3888:participant;0.0.0.0:2181
      version=100000000
      """;

  @TempDir
  Path dir;

  @Test
  void theSameMembersPassUntouched() throws Exception {
    Inventory inventory = inventory("""
        - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        - {name: h4, address: 10.0.0.4, brokerId: 4}
        """);

    assertThat(decide(RUNNING_THREE, inventory)).isInstanceOf(EnsembleChangeCheck.Unchanged.class);
  }

  @Test
  void growingWithDynamicMembershipIsAChangeWithItsStepsAndTheMembersAsTheyRun() throws Exception {
    Inventory inventory = dynamicInventory("""
        - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        - {name: h4, address: 10.0.0.4, zookeeperId: 4, brokerId: 4}
        - {name: h5, address: 10.0.0.5, zookeeperId: 5, brokerId: 5}
        """);

    EnsembleChangeCheck.Change change = (EnsembleChangeCheck.Change) decide(RUNNING_THREE, inventory);

    assertThat(change.description())
        .contains("from [1, 2, 3] to [1, 2, 3, 4, 5]")
        .contains("1. enable dynamic reconfiguration")
        .contains("2. add server.4 (h4, 10.0.0.4)")
        .contains("3. add server.5 (h5, 10.0.0.5)")
        .contains("4. re-render the brokers' zookeeper.connect for h1, h2, h3, h4, h5");
    assertThat(change.interim().zookeeperHosts()).extracting(h -> h.name()).containsExactly("h1", "h2", "h3");
    assertThat(change.interim().host("h4").orElseThrow().brokerId()).as("h4's broker is not held back").hasValue(4);
    assertThat(change.interim().zookeeperConnect()).isEqualTo(inventory("""
        - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """).zookeeperConnect());
  }

  @Test
  void growingAStaticEnsembleIsRefusedNamingDynamicMembership() throws Exception {
    Inventory inventory = inventory("""
        - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        - {name: h4, address: 10.0.0.4, zookeeperId: 4, brokerId: 4}
        - {name: h5, address: 10.0.0.5, zookeeperId: 5, brokerId: 5}
        """);

    assertThat(message(RUNNING_THREE, inventory)).startsWith("zookeeper.dynamicMembership: ")
        .contains("set zookeeper.dynamicMembership: true with the members as they run ([1, 2, 3])")
        .contains("nothing was changed");
  }

  @Test
  void aLeavingMemberWhoseHostIsGoneIsRefusedSoItsAgentCanStopIt() throws Exception {
    Inventory withoutTheHost = dynamicInventory("""
        - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """);
    Inventory withTheHost = dynamicInventory("""
        - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        - {name: h4, address: 10.0.0.4, brokerId: 4}
        """);
    String runningFour = RUNNING_THREE + "server.4=10.0.0.4:2888:3888:participant;0.0.0.0:2181\n";

    assertThat(message(runningFour, withoutTheHost)).startsWith("hosts: server.4 (10.0.0.4) leaves the ensemble")
        .contains("Keep the host in hosts without its zookeeperId");
    EnsembleChangeCheck.Change change = (EnsembleChangeCheck.Change) decide(runningFour, withTheHost);
    assertThat(change.interim().host("h4").orElseThrow().zookeeperId())
        .as("until it has left, the leaver is a member: the interim apply's quorum gate counts it").hasValue(4);
  }

  @Test
  void aNewHostTakingARunningMembersIdIsRefusedNamingTheField() throws Exception {
    Inventory inventory = inventory("""
        - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: h9, address: 10.0.0.9, zookeeperId: 2, brokerId: 9}
        - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """);

    assertThat(message(RUNNING_THREE, inventory))
        .startsWith("zookeeper: hosts[h9].zookeeperId: 2 is taken").contains("e.g. 4");
  }

  @Test
  void twoMembersLeavingInOneApplyIsRefused() throws Exception {
    Inventory inventory = inventory("""
        - {name: h1, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """);
    EnsembleConfig runningFive = EnsembleConfig.parse(RUNNING_THREE
        + "server.4=10.0.0.4:2888:3888:participant;0.0.0.0:2181\nserver.5=10.0.0.5:2888:3888:participant;0.0.0.0:2181\n");

    assertThat(EnsembleChangeCheck.message(EnsembleChangeCheck.decide(runningFive, inventory, false))).get().asString()
        .startsWith("zookeeper: hosts: server.4 (10.0.0.4) and server.5 (10.0.0.5) would leave");
  }

  private static EnsembleChangeCheck.Decision decide(String running, Inventory inventory) {
    return EnsembleChangeCheck.decide(EnsembleConfig.parse(running), inventory, false);
  }

  private static String message(String running, Inventory inventory) {
    return EnsembleChangeCheck.message(decide(running, inventory)).orElseThrow();
  }

  private Inventory inventory(String hostLines) throws Exception {
    String yaml = "cluster: homelab\nkafka:\n  version: 3.9.1\nhosts:\n" + hostLines.indent(2);
    return new InventoryLoader(ValidationOptions.strict()).parse(yaml, dir, "test").inventory();
  }

  private Inventory dynamicInventory(String hostLines) throws Exception {
    String yaml = "cluster: homelab\nkafka:\n  version: 3.9.1\nzookeeper: {dynamicMembership: true}\nhosts:\n"
        + hostLines.indent(2);
    return new InventoryLoader(ValidationOptions.strict()).parse(yaml, dir, "test").inventory();
  }
}
