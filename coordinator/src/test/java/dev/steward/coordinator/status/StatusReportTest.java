package dev.steward.coordinator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.coordinator.probe.ServiceProcess;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StatusReportTest {

  private static HostStatus host(String name, boolean agentUp, String zkMode, int brokerId, boolean registered) {
    return host(name, agentUp, zkMode, brokerId, registered, true);
  }

  private static HostStatus host(String name, boolean agentUp, String zkMode, int brokerId, boolean registered,
      boolean processRunning) {
    Optional<ServiceProcess> process = agentUp ? Optional.of(new ServiceProcess(name, "kafka", true, processRunning,
        processRunning ? 1 : 0, processRunning ? -1 : 137, false, processRunning ? "running" : "auto-restart"))
        : Optional.empty();
    return new HostStatus(name, "127.0.1." + name.substring(1), agentUp, agentUp ? "" : "UNAVAILABLE", Optional.of(zkMode),
        Optional.of(brokerId), Optional.of(registered), process, 24L << 30, 20L << 30,
        List.of(new HostStatus.DiskSpace("/var/lib/kafka/logs", 80L << 30, 250L << 30, 50L << 30)));
  }

  private static ClusterStatus cluster(boolean quorum, List<Integer> brokers, long urp, long offline) {
    return new ClusterStatus("sandbox", quorum, quorum, quorum ? Optional.of("h1") : Optional.empty(), brokers,
        List.of(1, 2, 3), OptionalInt.of(2), urp, offline, Optional.empty());
  }

  private static List<HostStatus> healthyHosts() {
    return List.of(host("h1", true, "leader", 1, true), host("h2", true, "follower", 2, true),
        host("h3", true, "follower", 3, true));
  }

  @Test
  void healthyClusterMatchesTheDocumentedJsonShape() {
    StatusReport report = new StatusReport(cluster(true, List.of(1, 2, 3), 0, 0), healthyHosts(), java.util.Optional.empty());

    JsonNode json = StatusFormatter.json(report);

    assertThat(report.healthy()).isTrue();
    assertThat(json.at("/cluster/zookeeper/quorum").asBoolean()).isTrue();
    assertThat(json.at("/cluster/zookeeper/leader").asText()).isEqualTo("h1");
    assertThat(json.at("/cluster/kafka/brokers").toString()).isEqualTo("[1,2,3]");
    assertThat(json.at("/cluster/kafka/controller").asInt()).isEqualTo(2);
    assertThat(json.at("/cluster/kafka/underReplicatedPartitions").asInt()).isZero();
    assertThat(json.at("/cluster/kafka/offlinePartitions").asInt()).isZero();
    assertThat(json.at("/hosts/0/name").asText()).isEqualTo("h1");
    assertThat(json.at("/hosts/0/agent").asText()).isEqualTo("up");
    assertThat(json.at("/hosts/0/zookeeper/mode").asText()).isEqualTo("leader");
    assertThat(json.at("/hosts/0/kafka/registered").asBoolean()).isTrue();
  }

  @Test
  void underReplicatedPartitionsMakeTheClusterUnhealthy() {
    assertThat(new StatusReport(cluster(true, List.of(1, 2, 3), 4, 0), healthyHosts(), java.util.Optional.empty()).healthy()).isFalse();
  }

  @Test
  void offlinePartitionsMakeTheClusterUnhealthy() {
    assertThat(new StatusReport(cluster(true, List.of(1, 2, 3), 0, 1), healthyHosts(), java.util.Optional.empty()).healthy()).isFalse();
  }

  @Test
  void missingBrokerMakesTheClusterUnhealthyAndIsShown() {
    List<HostStatus> hosts = List.of(host("h1", true, "leader", 1, true), host("h2", true, "follower", 2, true),
        host("h3", true, "follower", 3, false));
    StatusReport report = new StatusReport(cluster(true, List.of(1, 2), 0, 0), hosts, java.util.Optional.empty());

    assertThat(report.healthy()).isFalse();
    assertThat(StatusFormatter.table(report)).contains("NOT REGISTERED (id 3)").contains("UNHEALTHY");
  }

  @Test
  void unreachableAgentMakesTheClusterUnhealthy() {
    List<HostStatus> hosts = List.of(host("h1", true, "leader", 1, true), host("h2", false, "follower", 2, true),
        host("h3", true, "follower", 3, true));
    StatusReport report = new StatusReport(cluster(true, List.of(1, 2, 3), 0, 0), hosts, java.util.Optional.empty());

    assertThat(report.healthy()).isFalse();
    assertThat(StatusFormatter.json(report).at("/hosts/1/agent").asText()).isEqualTo("down");
  }

  @Test
  void brokerWhoseProcessDiedIsDownAtOnceWhileZooKeeperStillListsIt() {
    List<HostStatus> hosts = List.of(host("h1", true, "leader", 1, true), host("h2", true, "follower", 2, true),
        host("h3", true, "follower", 3, true, false));
    StatusReport report = new StatusReport(cluster(true, List.of(1, 2, 3), 0, 0), hosts, Optional.empty());

    assertThat(report.healthy()).isFalse();
    assertThat(StatusFormatter.table(report)).contains("DOWN (id 3)").contains("last exit status 137")
        .contains("until its session expires");
    assertThat(StatusFormatter.jsonText(report)).contains("\"process\" : \"down\"");
  }

  @Test
  void unreachableAgentIsNotReportedAsItsServicesBeingDown() {
    List<HostStatus> hosts = List.of(host("h1", true, "leader", 1, true),
        host("h2", false, "unknown (agent down)", 2, true), host("h3", true, "follower", 3, true));
    String table = StatusFormatter.table(new StatusReport(cluster(true, List.of(1, 2, 3), 0, 0), hosts,
        Optional.empty()));

    assertThat(table).contains("process unknown: agent down").doesNotContain("DOWN (id 2)");
  }

  @Test
  void noQuorumIsUnhealthy() {
    assertThat(new StatusReport(cluster(false, List.of(1, 2, 3), 0, 0), healthyHosts(), java.util.Optional.empty()).healthy()).isFalse();
  }
}
