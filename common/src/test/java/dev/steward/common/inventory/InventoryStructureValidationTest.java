package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.GUIDE;
import static dev.steward.common.inventory.InventoryFixtures.GUIDE_HOSTS;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.problemAt;
import static dev.steward.common.inventory.InventoryFixtures.problems;
import static dev.steward.common.inventory.InventoryFixtures.withKafka;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Required keys, unknown keys, value types, and what the YAML itself may contain. */
class InventoryStructureValidationTest {

  @Test
  void missingClusterIsReported() {
    InventoryProblem problem = onlyProblem(GUIDE.replace("cluster: homelab\n", ""), "cluster");
    assertThat(problem.message()).isEqualTo("is required");
  }

  @Test
  void missingKafkaSectionIsReportedOnceNotPerKafkaKey() {
    onlyProblem(GUIDE.replace("kafka:\n  version: 3.9.1\n", ""), "kafka");
  }

  @Test
  void missingKafkaVersionIsReported() {
    onlyProblem(GUIDE.replace("kafka:\n  version: 3.9.1\n", "kafka:\n  port: 9092\n"), "kafka.version");
  }

  @Test
  void missingOrEmptyHostsIsReported() {
    onlyProblem(GUIDE.replace(GUIDE_HOSTS, ""), "hosts");
    assertThat(onlyProblem(GUIDE.replace(GUIDE_HOSTS, "hosts: []\n"), "hosts").message()).isEqualTo("is empty");
  }

  @Test
  void hostWithoutNameOrAddressIsReported() {
    List<InventoryProblem> problems = problems(GUIDE.replace("{name: cpu-node2,    address: 192.168.1.187, ", "{"));
    assertThat(problems).extracting(InventoryProblem::field).containsExactly("hosts[1].name", "hosts[1].address");
  }

  @Test
  void hostThatIsNotAMappingIsReportedAtItsIndex() {
    String yaml = GUIDE.replace("  - {name: cpu-node2,    address: 192.168.1.187, zookeeperId: 2, brokerId: 2}",
        "  - cpu-node2");
    // and the counts it would change (ensemble size, brokers) raise no follow-up problems
    assertThat(problems(yaml)).extracting(InventoryProblem::field).containsExactly("hosts[1]");
  }

  @Test
  void unknownTopLevelKeyListsTheAllowedKeysAndSuggestsTheClosest() {
    InventoryProblem problem = onlyProblem(GUIDE + "rolout: {pollInterval: 1s}\n", "rolout");
    assertThat(problem.message()).contains("unknown key", "cluster, kafka, zookeeper", "rollout", "hosts");
    assertThat(problem.fix()).contains("did you mean \"rollout\"");
  }

  @Test
  void unknownNestedKeySuggestsTheRightCase() {
    InventoryProblem problem = onlyProblem(withSections("zookeeper:\n  clientport: 2182"), "zookeeper.clientport");
    assertThat(problem.fix()).contains("\"clientPort\"");
  }

  @Test
  void unknownHostKeyIsReportedAtTheHost() {
    InventoryProblem problem = onlyProblem(GUIDE.replace("brokerId: 3}", "brokerID: 3}"), "hosts[2].brokerID");
    assertThat(problem.fix()).contains("\"brokerId\"");
  }

  @Test
  void unknownKeyWithoutAnyCloseMatchSaysToRemoveIt() {
    InventoryProblem problem = onlyProblem(withSections("agent:\n  something: 1"), "agent.something");
    assertThat(problem.fix()).contains("remove it");
    assertThat(problem.message()).contains("port, tls, pki");
  }

  @Test
  void quotedNumberWhereANumberIsRequired() {
    InventoryProblem problem = onlyProblem(withKafka("port: \"9092\""), "kafka.port");
    assertThat(problem.message()).contains("got the string \"9092\"");
    assertThat(problem.fix()).contains("without quotes");
  }

  @Test
  void numberWhereAStringIsRequired() {
    assertThat(onlyProblem(GUIDE.replace("cluster: homelab", "cluster: 123"), "cluster").message())
        .contains("got the number 123");
  }

  @Test
  void stringWhereABooleanIsRequired() {
    assertThat(onlyProblem(withSections("sysctl: {enabled: \"no\"}"), "sysctl.enabled").message())
        .contains("expected true or false");
  }

  @Test
  void scalarWhereAListIsRequired() {
    onlyProblem(withKafka("dataDirs: /var/lib/kafka/logs"), "kafka.dataDirs");
  }

  @Test
  void listWhereAMappingIsRequired() {
    onlyProblem(withSections("firewall: [enabled]"), "firewall");
  }

  @Test
  void keyWithoutValueIsReported() {
    assertThat(onlyProblem(withKafka("port: ~"), "kafka.port").message()).isEqualTo("has no value");
  }

  @Test
  void syntaxErrorIsReportedWithItsLineAndColumn() {
    InventoryProblem problem = onlyProblem("cluster: homelab\nkafka: [3.9.1\nhosts: []\n", "line 3, column 6");
    assertThat(problem.message()).startsWith("is not valid YAML").doesNotContain("\n");
  }

  @Test
  void keyGivenTwiceIsRefusedRatherThanTheLastOneWinning() {
    InventoryProblem problem = onlyProblem(GUIDE + "cluster: other\n", "line 8, column 8");
    assertThat(problem.message()).contains("\"cluster\"", "twice");
  }

  @Test
  void aliasesAreRefusedBecauseTheirValueWouldBeLost() {
    String yaml = withKafka("dataDirs: &dirs [/data/a]\nconfig: {x.dirs: *dirs}");
    assertThat(problems(yaml)).singleElement().satisfies(p -> assertThat(p.message()).contains("aliases"));
  }

  @Test
  void tagsAreRefused() {
    assertThat(problems(withKafka("port: !!str 9092"))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("tags"));
    assertThat(problems(GUIDE.replace("cluster: homelab", "cluster: !custom homelab"))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("tags"));
  }

  @Test
  void secondDocumentIsRefusedRatherThanIgnored() {
    assertThat(problems(GUIDE + "---\ncluster: other\n")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("second YAML document"));
  }

  @Test
  void emptyFileIsReported() {
    onlyProblem("", "(file)");
    onlyProblem("# only a comment\n", "(file)");
  }

  @Test
  void topLevelThatIsNotAMappingIsReported() {
    onlyProblem("- a\n- b\n", "(top level)");
  }

  @Test
  void oversizedInventoryIsRefusedBeforeParsing() {
    String huge = GUIDE + "#" + "x".repeat(YamlDocument.MAX_BYTES) + "\n";
    assertThat(onlyProblem(huge, "(file)").message()).contains("more than the 1048576");
  }

  @Test
  void oversizedFileIsRefusedWithoutReadingItAll(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("inventory.yaml");
    Files.writeString(file, GUIDE + "#" + "x".repeat(2 * YamlDocument.MAX_BYTES));
    InventoryException e = (InventoryException) catchThrowable(
        () -> new InventoryLoader(ValidationOptions.strict()).load(file));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("larger than"));
  }

  @Test
  void missingFileIsAProblemNotAnIoException(@TempDir Path dir) {
    Throwable thrown = catchThrowable(() -> new InventoryLoader(ValidationOptions.strict())
        .load(dir.resolve("missing.yaml")));
    assertThat(thrown).isInstanceOf(InventoryException.class);
    assertThat(((InventoryException) thrown).problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("cannot be read"));
  }

  @Test
  void fileThatIsNotUtf8IsReported(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("inventory.yaml");
    Files.write(file, new byte[] {'c', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
    InventoryException e = (InventoryException) catchThrowable(
        () -> new InventoryLoader(ValidationOptions.strict()).load(file));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("UTF-8"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String yaml = """
        cluster: Bad_Name
        kafka:
          version: 3.9.1
          port: 70000
          heap: lots
        zookeeper:
          clientPort: 2181
          dataDir: var/lib/zookeeper
        preflight: {minMemory: 4 GB}
        """ + GUIDE_HOSTS;

    assertThat(problems(yaml)).extracting(InventoryProblem::field).containsExactly(
        "cluster", "kafka.port", "kafka.heap", "zookeeper.dataDir", "preflight.minMemory");
  }

  @Test
  void problemsAreOrderedAsTheFileReadsThenTheCrossFieldRules() {
    String yaml = withKafka("port: 2181\nheap: 1").replace("brokerId: 3}", "brokerId: 3, agentPort: 0}");
    assertThat(problems(yaml)).extracting(InventoryProblem::field)
        .containsExactly("kafka.heap", "hosts[2].agentPort", "kafka.port");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "\u0000", "{{{{", "[", "]", "- - - -", ":", "? ? ?", "&a [*a]", "!!binary aGk=", "cluster: [\n", "\t\t",
      "cluster: homelab\nkafka: 3\nhosts: 4\n", "kafka: {version: .inf}", "kafka: {version: 99999999999999999999}",
      "hosts: [{name: [a], address: {b: c}, zookeeperId: [1], brokerId: 1.5, agentPort: 1e9}]",
      "hosts: [~, 1, [], \"\"]", "kafka: {config: [a, b]}", "kafka: {config: {a: [1], b: {c: d}, '': x}}",
      "\"\\u0000\": 1", "\ufeffcluster: homelab", "cluster: \"\\ud800\"", "a:\n  b:\n    c:\n      d: [[[[[[[[[[[]]]]]]]]]]]",
  })
  void badInputOnlyEverRaisesAnInventoryException(String yaml) {
    Throwable thrown = catchThrowable(() -> InventoryFixtures.load(yaml));
    assertThat(thrown).isInstanceOf(InventoryException.class);
    assertThat(((InventoryException) thrown).problems()).noneMatch(p -> p.field().equals("(inventory)"));
  }

  @Test
  void deeplyNestedInputIsRefusedCleanly() {
    String deep = "a: " + "[".repeat(5000) + "]".repeat(5000);
    assertThat(catchThrowable(() -> InventoryFixtures.load(deep))).isInstanceOf(InventoryException.class);
  }

  @Test
  void problemAtFindsTheField() {
    assertThat(problemAt(withKafka("port: 0\nheap: x"), "kafka.heap").fix()).contains("2G");
  }
}
