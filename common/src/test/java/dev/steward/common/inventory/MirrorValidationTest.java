package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.problemAt;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** mirrors: parsed from real YAML; every refusal names the field and the fix, before any host is contacted. */
class MirrorValidationTest {

  private static String mirror(String lines) {
    return mirrors(lines, "");
  }

  /** A mirror named east, then {@code more} list items under mirrors (given as they are indented there). */
  private static String mirrors(String lines, String more) {
    return withSections("connect: {hosts: [cpu-node1]}\nmirrors:\n  - name: east\n    source: {bootstrapServers: "
        + "[10.0.1.1:9092, 10.0.1.2:9092]}\n" + lines.indent(4) + more);
  }

  @Test
  void aMirrorWithOnlyItsTopicsGetsTheDefaults() throws Exception {
    MirrorSpec mirror = load(mirror("topics: [\"orders\\\\..*\", payments]")).inventory().mirrors().get(0);

    assertThat(mirror.sourceAlias()).as("the alias defaults to the mirror's name").isEqualTo("east");
    assertThat(mirror.sourceBootstrapServers()).containsExactly("10.0.1.1:9092", "10.0.1.2:9092");
    assertThat(mirror.topics()).containsExactly("orders\\..*", "payments");
    assertThat(mirror.groups()).isEmpty();
    assertThat(mirror.replicationPolicy()).isEqualTo(MirrorSpec.ReplicationPolicy.PREFIXED);
    assertThat(mirror.offsetSync()).isEqualTo(MirrorOffsetSync.DEFAULTS);
    assertThat(mirror.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(mirror.state()).isEqualTo("running");
  }

  @Test
  void everyFieldIsRead() throws Exception {
    MirrorSpec mirror = load(mirror("""
        topics: [orders]
        topicsExclude: [orders-tmp]
        groups: [billing, "audit-.*"]
        replicationPolicy: identity
        offsetSync: {emitCheckpoints: true, syncGroupOffsets: false, checkpointInterval: 5s,
                     syncGroupOffsetsInterval: 10s, offsetLagMax: 10}
        refreshInterval: 30s
        emitHeartbeats: false
        tasksMax: 3
        state: paused
        config: {replication.factor: 3}
        """).replace("source: {", "source: {alias: dc1, ")).inventory().mirrors().get(0);

    assertThat(mirror.sourceAlias()).isEqualTo("dc1");
    assertThat(mirror.topicsExclude()).containsExactly("orders-tmp");
    assertThat(mirror.groups()).containsExactly("billing", "audit-.*");
    assertThat(mirror.replicationPolicy()).isEqualTo(MirrorSpec.ReplicationPolicy.IDENTITY);
    assertThat(mirror.offsetSync()).isEqualTo(new MirrorOffsetSync(true, false, Duration.ofSeconds(5),
        Duration.ofSeconds(10), 10));
    assertThat(mirror.refreshInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(mirror.emitHeartbeats()).isFalse();
    assertThat(mirror.tasksMax()).isEqualTo(3);
    assertThat(mirror.state()).isEqualTo("paused");
    assertThat(mirror.config()).containsEntry("replication.factor", "3");
  }

  @Test
  void aSourceThatIsThisClusterIsALoop() {
    InventoryProblem problem = onlyProblem(mirror("topics: [orders]").replace("10.0.1.2:9092", "192.168.1.187:9092"),
        "mirrors[0].source.bootstrapServers[1]");
    assertThat(problem.message()).contains("192.168.1.187:9092").contains("a loop");
    assertThat(problem.fix()).contains("other cluster");
  }

  @Test
  void aSourceNamedByThisClustersHostNameIsALoopToo() {
    onlyProblem(mirror("topics: [orders]").replace("10.0.1.1:9092", "CPU-node1:9092"),
        "mirrors[0].source.bootstrapServers[0]");
  }

  @Test
  void anotherPortOfTheSameHostIsAnotherCluster() throws Exception {
    load(mirror("topics: [orders]").replace("10.0.1.1:9092", "192.168.1.184:19092"));
  }

  @Test
  void aPatternThatMatchesEverythingIsRefusedNamingTheInternalTopic() {
    InventoryProblem problem = onlyProblem(mirror("topics: [orders, \".*\"]"), "mirrors[0].topics[1]");
    assertThat(problem.message()).contains("\".*\"").contains("__consumer_offsets");
    assertThat(problem.fix()).contains("topicsExclude");
  }

  @Test
  void patternsNamingInternalTopicsAreRefused() {
    for (String internal : new String[] {"__consumer_offsets", "__transaction_state", "_schemas", "connect-offsets",
        "connect-.*", "heartbeats", "mm2-offset-syncs\\\\..*", ".*\\\\.internal", "east\\\\.checkpoints\\\\.internal"}) {
      onlyProblem(mirror("topics: [\"" + internal + "\"]"), "mirrors[0].topics[0]");
    }
  }

  @Test
  void theConnectClustersOwnInternalTopicNamesAreProtected() {
    String yaml = mirror("topics: [\"ops-.*\"]").replace("connect: {hosts: [cpu-node1]}",
        "connect: {hosts: [cpu-node1], config: {offset.storage.topic: ops-connect-offsets}}");
    assertThat(onlyProblem(yaml, "mirrors[0].topics[0]").message()).contains("ops-connect-offsets");
  }

  @Test
  void aBroadPatternIsAcceptedWhenItsExclusionsCoverTheInternalTopics() throws Exception {
    load(mirror("""
        topics: [".*"]
        topicsExclude: ["__.*", "_schemas", "connect-.*", "mm2-.*", heartbeats, ".*\\\\.internal"]
        """));
  }

  @Test
  void aMirrorNeedsAConnectCluster() {
    String yaml = mirror("topics: [orders]").replace("connect: {hosts: [cpu-node1]}\n", "");
    assertThat(onlyProblem(yaml, "mirrors[0]").fix()).contains("connect section");
  }

  @Test
  void settingsStewardDerivesAreRefusedInConfig() {
    InventoryProblem problem = onlyProblem(mirror("topics: [orders]\nconfig: {offset.lag.max: 5}"),
        "mirrors[0].config.\"offset.lag.max\"");
    assertThat(problem.fix()).contains("offsetSync.offsetLagMax");
  }

  @Test
  void badValuesAreNamed() {
    problemAt(mirror("topics: [\"orders(\"]"), "mirrors[0].topics[0]");
    problemAt(mirror("topics: [\"a,b\"]"), "mirrors[0].topics[0]");
    problemAt(mirror("topics: [orders]\nreplicationPolicy: mirrored"), "mirrors[0].replicationPolicy");
    problemAt(mirror("topics: [orders]\noffsetSync: {checkpointInterval: 1500ms}"),
        "mirrors[0].offsetSync.checkpointInterval");
    problemAt(mirror("topics: [orders]").replace("10.0.1.1:9092", "10.0.1.1"), "mirrors[0].source.bootstrapServers[0]");
    problemAt(mirror("topics: [orders]").replace("source: {", "source: {alias: dc.1, "), "mirrors[0].source.alias");
    problemAt(mirror(""), "mirrors[0].topics");
    problemAt(mirror("topics: [orders]\nsurprise: 1"), "mirrors[0].surprise");
  }

  @Test
  void twoMirrorsWithOneNameOrAliasAreRefused() {
    String two = mirrors("topics: [orders]", "  - name: east\n    source: {bootstrapServers: [10.0.2.1:9092]}\n"
        + "    topics: [payments]\n");
    problemAt(two, "mirrors[1].name");
    String sameAlias = mirrors("topics: [orders]", "  - name: west\n    source: {alias: east, bootstrapServers: "
        + "[10.0.2.1:9092]}\n    topics: [payments]\n");
    onlyProblem(sameAlias, "mirrors[1].source.alias");
  }

  @Test
  void aMirrorConnectorNameTakenByADeclaredConnectorIsRefused() {
    String yaml = mirror("topics: [orders]").replace("mirrors:", "connectors:\n  - {name: east-mirror-source, "
        + "class: org.apache.kafka.connect.file.FileStreamSourceConnector}\nmirrors:");
    problemAt(yaml, "mirrors[0].name");
  }

  @Test
  void aBrokenMirrorKeepsTheIndexesOfTheOnesAfterIt() {
    String yaml = mirrors("topics: [orders]", "  - source: {bootstrapServers: [10.0.2.1:9092]}\n    topics: [b]\n"
        + "  - name: loop\n    source: {bootstrapServers: [192.168.1.184:9092]}\n    topics: [c]\n");
    problemAt(yaml, "mirrors[1].name");
    problemAt(yaml, "mirrors[2].source.bootstrapServers[0]");
  }
}
