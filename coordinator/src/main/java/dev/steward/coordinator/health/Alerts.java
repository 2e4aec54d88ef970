package dev.steward.coordinator.health;

import dev.steward.common.inventory.AlertsSpec;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.connect.ConnectorStatus;
import dev.steward.coordinator.connect.TaskStatus;
import dev.steward.coordinator.connect.WorkerState;
import dev.steward.coordinator.lag.GroupLag;
import dev.steward.coordinator.status.ClusterStatus;
import dev.steward.coordinator.status.HostStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one home of the health rule: from a plain view of the cluster, its hosts, Connect, and the
 * extra readings ({@link HealthInputs}), the list of alerts. Pure, so every scenario is a unit test;
 * {@code StatusReport.healthy()} is "no critical alert".
 */
public final class Alerts {

  public static final String AGENT_DOWN = "agent-down";
  public static final String ZOOKEEPER_NO_QUORUM = "zookeeper-no-quorum";
  public static final String ZOOKEEPER_NOT_SYNCED = "zookeeper-not-synced";
  public static final String ZOOKEEPER_DOWN = "zookeeper-down";
  public static final String BROKER_DOWN = "broker-down";
  public static final String BROKER_NOT_REGISTERED = "broker-not-registered";
  public static final String KAFKA_UNREADABLE = "kafka-unreadable";
  public static final String UNDER_REPLICATED = "under-replicated-partitions";
  public static final String OFFLINE = "offline-partitions";
  public static final String DISK_LOW = "disk-low";
  public static final String CONSUMER_LAG = "consumer-lag";
  public static final String CONNECT_WORKER_DOWN = "connect-worker-down";
  public static final String CONNECTOR_FAILED = "connector-failed";
  public static final String TASK_FAILED = "connector-task-failed";
  public static final String SLOT_HOLDING_WAL = "replication-slot-holding-wal";
  public static final String CERTIFICATE_EXPIRING = "certificate-expiring";
  public static final String CHECK_FAILED = "check-not-made";

  /** Every kind, for the documentation and the dashboard. */
  public static final List<String> KINDS = List.of(AGENT_DOWN, ZOOKEEPER_NO_QUORUM, ZOOKEEPER_NOT_SYNCED,
      ZOOKEEPER_DOWN, BROKER_DOWN, BROKER_NOT_REGISTERED, KAFKA_UNREADABLE, UNDER_REPLICATED, OFFLINE, DISK_LOW,
      CONSUMER_LAG, CONNECT_WORKER_DOWN, CONNECTOR_FAILED, TASK_FAILED, SLOT_HOLDING_WAL, CERTIFICATE_EXPIRING,
      CHECK_FAILED);

  private Alerts() {
  }

  public static List<Alert> of(ClusterStatus cluster, List<HostStatus> hosts, Optional<ConnectClusterSnapshot> connect,
      HealthInputs inputs, AlertsSpec thresholds) {
    List<Alert> alerts = new ArrayList<>();
    for (HostStatus host : hosts) {
      hostAlerts(host, cluster, thresholds, alerts);
    }
    if (!cluster.zookeeperQuorum()) {
      alerts.add(critical(ZOOKEEPER_NO_QUORUM, "cluster", "ZooKeeper has no quorum, so Kafka cannot elect a "
          + "controller or change metadata: start the ZooKeeper nodes that are down (see the ZOOKEEPER column)"));
    } else if (!cluster.zookeeperSynced()) {
      alerts.add(critical(ZOOKEEPER_NOT_SYNCED, "cluster", "not every ZooKeeper follower is synced with the leader "
          + cluster.zookeeperLeader().orElse("?") + ": one more failure loses the quorum; start or fix the node "
          + "that is behind"));
    }
    if (cluster.kafkaError().isPresent()) {
      alerts.add(critical(KAFKA_UNREADABLE, "cluster", "the Kafka cluster could not be read (" + cluster.kafkaError().get()
          + "): start the brokers and check they reach ZooKeeper"));
    } else {
      if (cluster.offlinePartitions() > 0) {
        alerts.add(critical(OFFLINE, "cluster", cluster.offlinePartitions() + " partition(s) have no leader: "
            + "their data cannot be read or written; start the brokers that hold their replicas"));
      }
      if (cluster.underReplicatedPartitions() > 0) {
        alerts.add(critical(UNDER_REPLICATED, "cluster", cluster.underReplicatedPartitions() + " partition(s) "
            + "are under-replicated: a replica is down or behind; start the broker that is down, or check disks "
            + "and network if every broker runs"));
      }
    }
    connect.ifPresent(snapshot -> connectAlerts(snapshot, alerts));
    for (GroupLag group : inputs.lag()) {
      if (group.totalLag() > thresholds.consumerLagAbove()) {
        alerts.add(critical(CONSUMER_LAG, group.group(), "consumer group lags " + group.totalLag()
            + " records behind (alerts.consumerLagAbove is " + thresholds.consumerLagAbove() + "; group state "
            + group.state() + ", " + group.members() + " member(s)): check its consumers with `steward lag -g "
            + group.group() + "`"));
      }
    }
    for (HealthInputs.SlotReading reading : inputs.slots()) {
      if (!reading.slot().active() && reading.slot().retainedWalBytes() > thresholds.walHeldAbove()) {
        alerts.add(critical(SLOT_HOLDING_WAL, reading.slot().name(), "replication slot of connector "
            + reading.connector() + " is inactive and holds " + reading.slot().retainedWalBytes() + " bytes of WAL "
            + "(alerts.walHeldAbove is " + thresholds.walHeldAbove() + "): PostgreSQL keeps that WAL until the "
            + "connector reads again; fix the connector (`steward connect status`) or, if it is gone for good, drop "
            + "the slot (`steward connect delete --drop-slot`)"));
      }
    }
    for (HealthInputs.CertificateExpiry certificate : inputs.certificates()) {
      Duration left = Duration.between(inputs.now(), certificate.notAfter());
      if (left.compareTo(thresholds.certificateExpiresWithin()) < 0) {
        String when = left.isNegative() ? "expired on " + certificate.notAfter()
            : "expires on " + certificate.notAfter() + " (in " + left.toDays() + " days)";
        alerts.add(critical(CERTIFICATE_EXPIRING, certificate.subject(), "certificate " + when + "; "
            + renewal(certificate.subject())));
      }
    }
    for (HealthInputs.Unchecked unchecked : inputs.unchecked()) {
      alerts.add(new Alert(Alert.Severity.WARNING, CHECK_FAILED, unchecked.subject(), unchecked.check()
          + " not checked: " + unchecked.why()));
    }
    return List.copyOf(alerts);
  }

  private static String renewal(String subject) {
    if (subject.equals("coordinator")) {
      return "renew it with `steward ca renew-coordinator -i INVENTORY` before it expires, or no agent will accept "
          + "the coordinator (docs/security.md)";
    }
    if (subject.equals("cluster CA")) {
      return "every certificate it signed stops being trusted with it: plan a new CA and re-enroll the hosts "
          + "(docs/security.md)";
    }
    return "renew it with `steward enroll " + subject + " --renew -i INVENTORY` before it expires, or the coordinator "
        + "cannot reach its agent (docs/security.md)";
  }

  private static void hostAlerts(HostStatus host, ClusterStatus cluster, AlertsSpec thresholds, List<Alert> alerts) {
    if (!host.agentUp()) {
      alerts.add(critical(AGENT_DOWN, host.name(), "agent at " + host.address() + " does not answer (" + host.agentError()
          + "): nothing on this host can be checked or changed; start steward-agent there"));
    }
    host.zookeeperMode().filter(mode -> host.agentUp() && (mode.equals("down") || mode.equals("not serving")))
        .ifPresent(mode -> alerts.add(critical(ZOOKEEPER_DOWN, host.name(), "ZooKeeper node is " + mode
            + ": start it (`steward apply` starts stopped services) and look at its log")));
    if (host.brokerId().isPresent()) {
      int id = host.brokerId().get();
      if (host.brokerDown()) {
        alerts.add(critical(BROKER_DOWN, host.name(), "broker " + id + " is down (" + host.brokerProcess().get().describe()
            + "): its partitions run on fewer replicas; start it (`steward apply`) and look at its log"));
      } else if (!cluster.brokers().contains(id) && cluster.kafkaError().filter(e -> e.startsWith("ZooKeeper")).isEmpty()) {
        alerts.add(critical(BROKER_NOT_REGISTERED, host.name(), "broker " + id + " is not registered in ZooKeeper"
            + (host.agentUp() ? " although its process runs (starting or recovering): wait, or look at its log"
            : " and its agent does not answer: start the agent and the broker")));
      }
    }
    for (HostStatus.DiskSpace disk : host.disks()) {
      if (thresholds.diskFreeBelow(disk.usableBytes(), disk.totalBytes())) {
        alerts.add(critical(DISK_LOW, host.name(), disk.path() + " has " + disk.usableBytes() + " of "
            + disk.totalBytes() + " bytes free, below alerts.diskFreeBelow (" + thresholds.describeDiskThreshold()
            + "): free space or shorten retention before the broker stops on a full disk"));
      }
    }
  }

  private static void connectAlerts(ConnectClusterSnapshot connect, List<Alert> alerts) {
    for (WorkerState worker : connect.unhealthy()) {
      alerts.add(critical(CONNECT_WORKER_DOWN, worker.host(), "Kafka Connect worker at " + worker.url() + " is not "
          + "healthy (" + worker.problem() + "): its connectors move to the other workers; start it and look at its log"));
    }
    for (ConnectorStatus status : connect.connectors().values()) {
      if (ConnectorStatus.FAILED.equals(status.state())) {
        alerts.add(critical(CONNECTOR_FAILED, status.name(), "connector is FAILED on " + status.workerId()
            + ": read the trace with `steward connect status`, fix the cause, then `steward connect restart "
            + status.name() + "`"));
      }
      for (TaskStatus task : status.failedTasks()) {
        alerts.add(critical(TASK_FAILED, status.name() + "/" + task.id(), "task is FAILED on " + task.workerId()
            + firstLine(task.trace()) + ": fix the cause, then `steward connect restart " + status.name() + " --failed-only`"));
      }
    }
  }

  private static String firstLine(String trace) {
    if (trace == null || trace.isBlank()) {
      return "";
    }
    String line = trace.strip().lines().findFirst().orElse("");
    return " (" + (line.length() > 160 ? line.substring(0, 160) + "..." : line) + ")";
  }

  private static Alert critical(String kind, String subject, String message) {
    return new Alert(Alert.Severity.CRITICAL, kind, subject, message);
  }
}
