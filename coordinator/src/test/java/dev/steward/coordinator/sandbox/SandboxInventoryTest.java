package dev.steward.coordinator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxInventoryTest {

  @TempDir
  Path dir;

  /**
   * A developer's nearly full laptop disk must not keep `sandbox up` waiting for health: the disk
   * alert asks of a sandbox what its preflight asks, a few GiB, not a share of the whole disk.
   */
  @Test
  void theDiskAlertAsksWhatTheSandboxPreflightAsks() throws Exception {
    String yaml = SandboxInventory.yaml("3.9.1", List.of("127.0.1.1", "127.0.1.2", "127.0.1.3"), Optional.empty(),
        false);

    Inventory inventory = new InventoryLoader(ValidationOptions.strict()).parse(yaml, dir, "sandbox").inventory();

    long fiveGiB = 5L << 30;
    assertThat(inventory.alerts().diskFreeBelowPercent()).isZero();
    assertThat(inventory.alerts().diskFreeBelowBytes()).isEqualTo(fiveGiB)
        .isEqualTo(inventory.preflight().minFreeDiskBytes());
    assertThat(inventory.alerts().diskFreeBelow(6L << 30, 1000L << 30)).as("6 GiB free of 1 TiB").isFalse();
  }

  @Test
  void everyServiceStartsWithC1AndTheSerialCollectorRatherThanTheGuidesG1() throws Exception {
    String yaml = SandboxInventory.yaml("3.9.1", List.of("127.0.1.1", "127.0.1.2", "127.0.1.3"), Optional.empty(),
        true);

    Inventory inventory = new InventoryLoader(ValidationOptions.strict()).parse(yaml, dir, "sandbox").inventory();

    for (List<String> options : List.of(inventory.kafka().jvmOptions(), inventory.zookeeper().jvmOptions(),
        inventory.connect().jvmOptions())) {
      assertThat(options).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC").doesNotContain("-XX:+UseG1GC");
    }
  }

  @Test
  void hostsFourToSevenAreBrokersOnlyAndTheEnsembleStaysThree() throws Exception {
    String yaml = SandboxInventory.yaml("3.9.1", SandboxLayout.addresses("127.0.1", 5), Optional.empty(), false);

    Inventory inventory = new InventoryLoader(ValidationOptions.strict()).parse(yaml, dir, "sandbox").inventory();

    assertThat(inventory.hosts()).extracting(h -> h.name()).containsExactly("h1", "h2", "h3", "h4", "h5");
    assertThat(inventory.zookeeperHosts()).hasSize(3);
    assertThat(inventory.brokerHosts()).hasSize(5);
    assertThat(inventory.host("h5").orElseThrow().address()).isEqualTo("127.0.1.5");
    assertThat(yaml).contains(SandboxInventory.hostLine("h4", "127.0.1.4", 4))
        .contains("- {name: h4, address: 127.0.1.4, brokerId: 4}");
  }
}
