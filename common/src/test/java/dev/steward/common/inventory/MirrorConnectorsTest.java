package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connectors a mirror runs, rendered from its spec. */
class MirrorConnectorsTest {

  private static Inventory inventory(String mirrorLines) throws Exception {
    return load(withSections("connect: {hosts: [cpu-node1]}\nconnectors:\n  - {name: mine, class: "
        + "org.apache.kafka.connect.file.FileStreamSourceConnector}\nmirrors:\n  - name: east\n    source: "
        + "{bootstrapServers: [10.0.1.1:9092]}\n" + mirrorLines.indent(4))).inventory();
  }

  private static ConnectorSpec named(Inventory inventory, String name) {
    return inventory.managedConnectors().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aMirrorWithGroupsRunsThreeConnectorsAfterTheDeclaredOnes() throws Exception {
    Inventory inventory = inventory("topics: [orders]\ngroups: [billing]");

    assertThat(inventory.connectors()).extracting(ConnectorSpec::name).containsExactly("mine");
    assertThat(inventory.managedConnectors()).extracting(ConnectorSpec::name, ConnectorSpec::className)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("mine", "org.apache.kafka.connect.file.FileStreamSourceConnector"),
            org.assertj.core.groups.Tuple.tuple("east-mirror-source", MirrorConnectors.SOURCE_CLASS),
            org.assertj.core.groups.Tuple.tuple("east-mirror-checkpoint", MirrorConnectors.CHECKPOINT_CLASS),
            org.assertj.core.groups.Tuple.tuple("east-mirror-heartbeat", MirrorConnectors.HEARTBEAT_CLASS));
  }

  @Test
  void theSourceConnectorCopiesBytesFromTheSourceIntoThisCluster() throws Exception {
    Map<String, String> config = named(inventory("topics: [orders, \"pay\\\\..*\"]\ntopicsExclude: [pay-tmp]"),
        "east-mirror-source").config();

    assertThat(config).containsEntry("source.cluster.alias", "east")
        .containsEntry("target.cluster.alias", "homelab")
        .containsEntry("source.cluster.bootstrap.servers", "10.0.1.1:9092")
        .containsEntry("target.cluster.bootstrap.servers", "192.168.1.184:9092,192.168.1.187:9092,192.168.1.190:9092")
        .containsEntry("topics", "orders,pay\\..*")
        .containsEntry("topics.exclude", "pay-tmp,.*[\\-\\.]internal,.*\\.replica,__.*")
        .containsEntry("replication.policy.class", "org.apache.kafka.connect.mirror.DefaultReplicationPolicy")
        .containsEntry("offset-syncs.topic.location", "target")
        .containsEntry("offset.lag.max", "100")
        .containsEntry("refresh.topics.interval.seconds", "60")
        .containsEntry("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")
        .containsEntry("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")
        .containsEntry("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")
        .containsEntry("sync.topic.acls.enabled", "false")
        .doesNotContainKeys("groups", "connector.class", "tasks.max", "name");
  }

  @Test
  void theCheckpointConnectorCarriesTheOffsetSyncSettings() throws Exception {
    Map<String, String> config = named(inventory("""
        topics: [orders]
        groups: [billing]
        replicationPolicy: identity
        offsetSync: {checkpointInterval: 5s, syncGroupOffsetsInterval: 10s, offsetLagMax: 10}
        refreshInterval: 5s
        """), "east-mirror-checkpoint").config();

    assertThat(config).containsEntry("groups", "billing")
        .containsEntry("groups.exclude", "console-consumer-.*,connect-.*,__.*")
        .containsEntry("emit.checkpoints.enabled", "true")
        .containsEntry("emit.checkpoints.interval.seconds", "5")
        .containsEntry("sync.group.offsets.enabled", "true")
        .containsEntry("sync.group.offsets.interval.seconds", "10")
        .containsEntry("refresh.groups.interval.seconds", "5")
        .containsEntry("offset-syncs.topic.location", "target")
        .containsEntry("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
  }

  @Test
  void noGroupsNoCheckpointConnectorAndHeartbeatsCanBeOff() throws Exception {
    Inventory inventory = inventory("topics: [orders]\nemitHeartbeats: false");
    assertThat(inventory.managedConnectors()).extracting(ConnectorSpec::name)
        .containsExactly("mine", "east-mirror-source");
  }

  @Test
  void stateTasksAndExtraConfigReachEveryConnector() throws Exception {
    Inventory inventory = inventory("topics: [orders]\ngroups: [b]\nstate: paused\ntasksMax: 2\n"
        + "config: {replication.factor: 2}");
    for (String name : List.of("east-mirror-source", "east-mirror-checkpoint", "east-mirror-heartbeat")) {
      ConnectorSpec connector = named(inventory, name);
      assertThat(connector.state()).isEqualTo("paused");
      assertThat(connector.config()).containsEntry("replication.factor", "2");
      assertThat(connector.connectCluster()).isEqualTo("connect-cluster");
    }
    assertThat(named(inventory, "east-mirror-source").tasksMax()).isEqualTo(2);
    assertThat(named(inventory, "east-mirror-heartbeat").tasksMax()).isEqualTo(1);
  }

  @Test
  void thePolicyNamesTheMirroredTopic() {
    assertThat(MirrorSpec.ReplicationPolicy.PREFIXED.targetTopic("east", "orders")).isEqualTo("east.orders");
    assertThat(MirrorSpec.ReplicationPolicy.IDENTITY.targetTopic("east", "orders")).isEqualTo("orders");
  }
}
