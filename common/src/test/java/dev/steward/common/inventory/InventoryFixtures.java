package dev.steward.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

/** Inventories for the tests: the guide's cluster, and ways to vary it one section at a time. */
final class InventoryFixtures {

  static final String GUIDE_HOSTS = """
      hosts:
        - {name: cpu-node1,    address: 192.168.1.184, zookeeperId: 1, brokerId: 1}
        - {name: cpu-node2,    address: 192.168.1.187, zookeeperId: 2, brokerId: 2}
        - {name: worker-node3, address: 192.168.1.190, zookeeperId: 3, brokerId: 3}
      """;

  static final String GUIDE = "cluster: homelab\nkafka:\n  version: 3.9.1\n" + GUIDE_HOSTS;

  private InventoryFixtures() {
  }

  /** The guide's inventory with extra lines inside the kafka section (give them unindented). */
  static String withKafka(String kafkaLines) {
    return "cluster: homelab\nkafka:\n  version: 3.9.1\n" + indent(kafkaLines) + GUIDE_HOSTS;
  }

  /** The guide's inventory with other top-level sections added. */
  static String withSections(String sections) {
    return "cluster: homelab\nkafka:\n  version: 3.9.1\n" + sections + (sections.endsWith("\n") ? "" : "\n")
        + GUIDE_HOSTS;
  }

  /** The guide's settings with another hosts list. */
  static String withHosts(String hostLines) {
    return "cluster: homelab\nkafka:\n  version: 3.9.1\nhosts:\n" + indent(hostLines);
  }

  static LoadedInventory load(String yaml) throws InventoryException {
    return new InventoryLoader(ValidationOptions.strict()).parse(yaml, Path.of("/nonexistent-base"), "test.yaml");
  }

  static LoadedInventory loadAllowingUnsafeEnsemble(String yaml) throws InventoryException {
    return new InventoryLoader(new ValidationOptions(true)).parse(yaml, Path.of("/nonexistent-base"), "test.yaml");
  }

  /** Every problem the loader reports; fails when the inventory is accepted. */
  static List<InventoryProblem> problems(String yaml) {
    InventoryException e = catchThrowableOfType(InventoryException.class, () -> load(yaml));
    assertThat(e).as("the inventory should be refused:\n%s", yaml).isNotNull();
    assertThat(e.problems()).allSatisfy(p -> {
      assertThat(p.fix()).as("fix of %s", p).isNotBlank();
      assertThat(p.message()).as("message of %s", p).isNotBlank();
      assertThat(p.field()).as("field of %s", p).isNotBlank();
      assertThat(p.toString()).as("a problem is one line").doesNotContain("\n", "\r");
    });
    return e.problems();
  }

  /** The one problem the inventory has, which must be at {@code field}. */
  static InventoryProblem onlyProblem(String yaml, String field) {
    List<InventoryProblem> problems = problems(yaml);
    assertThat(problems).as("problems of:\n%s", yaml).hasSize(1);
    assertThat(problems.get(0).field()).isEqualTo(field);
    return problems.get(0);
  }

  /** The problem at {@code field} among others. */
  static InventoryProblem problemAt(String yaml, String field) {
    List<InventoryProblem> problems = problems(yaml);
    return problems.stream().filter(p -> p.field().equals(field)).findFirst()
        .orElseThrow(() -> new AssertionError("no problem at " + field + " among " + problems));
  }

  private static String indent(String lines) {
    return lines.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
  }
}
