package dev.steward.coordinator.health;

import dev.steward.common.inventory.AlertsSpec;
import dev.steward.coordinator.cdc.SlotInfo;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.connect.ConnectorStatus;
import dev.steward.coordinator.connect.TaskStatus;
import dev.steward.coordinator.connect.WorkerState;
import dev.steward.coordinator.lag.GroupLag;
import dev.steward.coordinator.lag.TopicLag;
import dev.steward.coordinator.probe.ServiceProcess;
import dev.steward.coordinator.status.ClusterStatus;
import dev.steward.coordinator.status.HostStatus;
import dev.steward.coordinator.status.StatusReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A healthy three-host cluster with Connect, lag, a slot and certificates, and ways to break one thing. */
public final class HealthFixtures {

  public static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");

  public List<HostStatus> hosts = new ArrayList<>(List.of(host("h1", "leader", 1), host("h2", "follower", 2),
      host("h3", "follower", 3)));
  public ClusterStatus cluster = cluster(List.of(1, 2, 3), 0, 0, Optional.empty(), true, true);
  public List<WorkerState> workers = new ArrayList<>(List.of(worker("h1", true), worker("h2", true), worker("h3", true)));
  public List<ConnectorStatus> connectors = new ArrayList<>(List.of(connector("orders-sink", "RUNNING", "RUNNING")));
  public List<GroupLag> lag = new ArrayList<>(List.of(group("billing", 120)));
  public List<HealthInputs.SlotReading> slots = new ArrayList<>(List.of(
      new HealthInputs.SlotReading("inventory-cdc", new SlotInfo("debezium_inventory", "pgoutput", "shop", true, 1024))));
  public List<HealthInputs.CertificateExpiry> certificates = new ArrayList<>(List.of(
      new HealthInputs.CertificateExpiry("cluster CA", NOW.plusSeconds(86400L * 3000)),
      new HealthInputs.CertificateExpiry("coordinator", NOW.plusSeconds(86400L * 300)),
      new HealthInputs.CertificateExpiry("h1", NOW.plusSeconds(86400L * 200))));
  public List<HealthInputs.Unchecked> unchecked = new ArrayList<>();
  public AlertsSpec thresholds = AlertsSpec.DEFAULTS;

  public StatusReport report() {
    return new StatusReport(cluster, hosts, Optional.of(new ConnectClusterSnapshot(workers,
        connectors.stream().collect(java.util.stream.Collectors.toMap(ConnectorStatus::name, c -> c)))),
        new HealthInputs(NOW, lag, slots, certificates, unchecked), thresholds);
  }

  public List<Alert> alerts() {
    return report().alerts();
  }

  public static HostStatus host(String name, String zkMode, int brokerId) {
    return host(name, zkMode, brokerId, true, 80L << 30, 250L << 30);
  }

  public static HostStatus host(String name, String zkMode, int brokerId, boolean running, long free, long total) {
    ServiceProcess process = new ServiceProcess(name, "kafka", true, running, running ? 1 : 0, running ? -1 : 143,
        false, running ? "running" : "inactive");
    return new HostStatus(name, "127.0.1." + name.substring(1), true, "", Optional.of(zkMode), Optional.of(brokerId),
        Optional.of(true), Optional.of(process), 24L << 30, 20L << 30,
        List.of(new HostStatus.DiskSpace("/var/lib/kafka/logs", free, total, 50L << 30)));
  }

  public static HostStatus agentDown(String name, int brokerId) {
    return new HostStatus(name, "127.0.1." + name.substring(1), false, "UNAVAILABLE: connection refused",
        Optional.of("unknown (agent down)"), Optional.of(brokerId), Optional.of(true), Optional.empty(), 0, 0, List.of());
  }

  public static ClusterStatus cluster(List<Integer> brokers, long urp, long offline, Optional<String> kafkaError,
      boolean quorum, boolean synced) {
    return new ClusterStatus("homelab", quorum, synced, quorum ? Optional.of("h1") : Optional.empty(), brokers,
        List.of(1, 2, 3), OptionalInt.of(1), urp, offline, kafkaError);
  }

  public static WorkerState worker(String host, boolean healthy) {
    String url = "http://127.0.1." + host.substring(1) + ":8083";
    return healthy ? new WorkerState(host, url, true, "3.9.1", "abc", "")
        : WorkerState.unhealthy(host, url, "does not answer");
  }

  public static ConnectorStatus connector(String name, String state, String taskState) {
    return new ConnectorStatus(name, state, "127.0.1.1:8083", "sink",
        List.of(new TaskStatus(0, taskState, "127.0.1.2:8083",
            "FAILED".equals(taskState) ? "org.apache.kafka.connect.errors.ConnectException: boom\n\tat x" : null)));
  }

  public static GroupLag group(String name, long lag) {
    return new GroupLag(name, "Stable", 2, List.of(new TopicLag("orders", List.of(), lag)), lag);
  }
}
