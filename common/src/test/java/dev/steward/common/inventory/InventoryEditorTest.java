package dev.steward.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InventoryEditorTest {

  private static final String HOSTS = """
      hosts:
        - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
      """;

  private static Inventory load(String yaml) throws InventoryException {
    return new InventoryLoader(ValidationOptions.strict()).parse(yaml, Path.of("."), "edited").inventory();
  }

  @Test
  void blockStylePinsTheProtocolAndKeepsCommentsAndOrder() throws Exception {
    String before = """
        # our cluster
        cluster: homelab
        kafka:
          version: 3.8.1   # the guide said 3.9.1
          heap: 1G
        """ + HOSTS;

    String after = InventoryEditor.setKafkaVersion(before, "3.9.1", Optional.of("3.8")).orElseThrow();

    assertThat(after).contains("# our cluster").contains("  version: 3.9.1   # the guide said 3.9.1")
        .contains("  heap: 1G");
    Inventory inventory = load(after);
    assertThat(inventory.kafka().version()).hasToString("3.9.1");
    assertThat(inventory.kafka().interBrokerProtocolVersion()).contains("3.8");
  }

  @Test
  void removingThePinLeavesTheRestAlone() throws Exception {
    String pinned = InventoryEditor.setKafkaVersion("cluster: x\nkafka:\n  version: 3.8.1\n" + HOSTS, "3.9.1",
        Optional.of("3.8")).orElseThrow();

    String unpinned = InventoryEditor.setKafkaVersion(pinned, "3.9.1", Optional.empty()).orElseThrow();

    assertThat(unpinned).doesNotContain("interBrokerProtocolVersion");
    assertThat(load(unpinned).kafka().interBrokerProtocolVersion()).isEmpty();
    assertThat(load(unpinned).kafka().version()).hasToString("3.9.1");
  }

  @Test
  void flowStyleIsRewritten() throws Exception {
    String after = InventoryEditor.setKafkaVersion("cluster: x\nkafka: {version: 3.8.1, heap: 1G}\n" + HOSTS, "3.9.1",
        Optional.of("3.8")).orElseThrow();

    Inventory inventory = load(after);
    assertThat(inventory.kafka().version()).hasToString("3.9.1");
    assertThat(inventory.kafka().heap()).isEqualTo("1G");
    assertThat(inventory.kafka().interBrokerProtocolVersion()).contains("3.8");
  }

  @Test
  void nestedVersionKeysOfOtherSectionsAreNotTouched() {
    String before = "cluster: x\nkafka:\n  artifact:\n    version: nope\n  version: 3.8.1\nzookeeper:\n  heap: 256m\n"
        + HOSTS;

    String after = InventoryEditor.setKafkaVersion(before, "3.9.1", Optional.empty()).orElseThrow();

    assertThat(after).contains("    version: nope").contains("\n  version: 3.9.1\n").contains("  heap: 256m");
  }

  @Test
  void anInventoryWithoutAKafkaVersionIsNotGuessedAt() {
    assertThat(InventoryEditor.setKafkaVersion("cluster: x\n" + HOSTS, "3.9.1", Optional.empty())).isEmpty();
  }
}
