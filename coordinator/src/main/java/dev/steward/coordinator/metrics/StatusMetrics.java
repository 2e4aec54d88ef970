package dev.steward.coordinator.metrics;

import dev.steward.coordinator.connect.ConnectorStatus;
import dev.steward.coordinator.connect.WorkerState;
import dev.steward.coordinator.health.Alert;
import dev.steward.coordinator.health.HealthInputs;
import dev.steward.coordinator.lag.GroupLag;
import dev.steward.coordinator.lag.TopicLag;
import dev.steward.coordinator.status.ClusterStatus;
import dev.steward.coordinator.status.HostStatus;
import dev.steward.coordinator.status.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link StatusReport} as Prometheus metrics: the same figures {@code steward status -o json}
 * shows, named {@code steward_...} with host, group, topic, connector labels. Pure.
 */
public final class StatusMetrics {

  /** Every metric name this renders, for the Grafana dashboard's test and docs/monitoring.md. */
  public static final List<String> NAMES = List.of(
      "steward_healthy", "steward_alerts", "steward_alert",
      "steward_agent_up", "steward_zookeeper_quorum", "steward_zookeeper_synced", "steward_zookeeper_up",
      "steward_broker_up", "steward_broker_registered", "steward_kafka_readable",
      "steward_kafka_brokers_registered", "steward_kafka_brokers_expected", "steward_kafka_controller",
      "steward_kafka_under_replicated_partitions", "steward_kafka_offline_partitions",
      "steward_disk_free_bytes", "steward_disk_total_bytes", "steward_memory_available_bytes",
      "steward_memory_total_bytes", "steward_consumer_group_lag", "steward_consumer_group_members",
      "steward_consumer_topic_lag", "steward_connect_worker_up", "steward_connector_running",
      "steward_connector_failed", "steward_connector_tasks", "steward_connector_failed_tasks",
      "steward_replication_slot_active", "steward_replication_slot_wal_bytes",
      "steward_certificate_expiry_timestamp_seconds", "steward_collect_duration_seconds");

  private static final Set<String> ZOOKEEPER_SERVING = Set.of("leader", "follower", "standalone", "observer");

  private StatusMetrics() {
  }

  public static List<MetricFamily> of(StatusReport report, double collectSeconds) {
    ClusterStatus cluster = report.cluster();
    String name = cluster.name();
    List<MetricFamily> families = new ArrayList<>();
    List<Alert> alerts = report.alerts();
    families.add(new MetricFamily("steward_healthy", "1 when steward status finds no critical alert (exit code 0)")
        .add(alerts.stream().noneMatch(Alert::critical), "cluster", name));
    MetricFamily counts = new MetricFamily("steward_alerts", "Alerts of steward status, by severity");
    for (Alert.Severity severity : Alert.Severity.values()) {
      counts.add(alerts.stream().filter(a -> a.severity() == severity).count(), "cluster", name, "severity",
          severity.label());
    }
    families.add(counts);
    MetricFamily each = new MetricFamily("steward_alert", "1 per alert of steward status (the message is in its output)");
    alerts.forEach(a -> each.add(1, "cluster", name, "severity", a.severity().label(), "kind", a.kind(), "subject",
        a.subject()));
    families.add(each);

    MetricFamily agentUp = new MetricFamily("steward_agent_up", "1 when the host's steward-agent answers");
    MetricFamily zkUp = new MetricFamily("steward_zookeeper_up",
        "1 when the host's ZooKeeper node serves (leader or follower), 0 when down; absent when its agent is down");
    MetricFamily brokerUp = new MetricFamily("steward_broker_up",
        "1 when the host's broker is registered in ZooKeeper and its process is not known to be down");
    MetricFamily registered = new MetricFamily("steward_broker_registered", "1 when the broker is under /brokers/ids");
    MetricFamily diskFree = new MetricFamily("steward_disk_free_bytes", "Usable bytes of the file store under a data directory");
    MetricFamily diskTotal = new MetricFamily("steward_disk_total_bytes", "Size of the file store under a data directory");
    MetricFamily memAvailable = new MetricFamily("steward_memory_available_bytes", "Available memory of the host");
    MetricFamily memTotal = new MetricFamily("steward_memory_total_bytes", "Total memory of the host");
    for (HostStatus host : report.hosts()) {
      agentUp.add(host.agentUp(), "host", host.name());
      host.zookeeperMode().filter(mode -> host.agentUp())
          .ifPresent(mode -> zkUp.add(ZOOKEEPER_SERVING.contains(mode), "host", host.name()));
      if (host.brokerId().isPresent()) {
        String id = String.valueOf(host.brokerId().get());
        boolean isRegistered = host.brokerRegistered().orElse(false);
        brokerUp.add(isRegistered && !host.brokerDown(), "host", host.name(), "broker_id", id);
        registered.add(isRegistered, "host", host.name(), "broker_id", id);
      }
      if (host.agentUp()) {
        for (HostStatus.DiskSpace disk : host.disks()) {
          diskFree.add(disk.usableBytes(), "host", host.name(), "path", disk.path());
          diskTotal.add(disk.totalBytes(), "host", host.name(), "path", disk.path());
        }
        memAvailable.add(host.availableMemoryBytes(), "host", host.name());
        memTotal.add(host.totalMemoryBytes(), "host", host.name());
      }
    }
    families.add(agentUp);
    families.add(new MetricFamily("steward_zookeeper_quorum", "1 when ZooKeeper has a quorum with one leader")
        .add(cluster.zookeeperQuorum(), "cluster", name));
    families.add(new MetricFamily("steward_zookeeper_synced", "1 when every ZooKeeper follower is synced with the leader")
        .add(cluster.zookeeperSynced(), "cluster", name));
    families.add(zkUp);
    families.add(brokerUp);
    families.add(registered);
    families.add(new MetricFamily("steward_kafka_readable", "1 when the Kafka cluster could be read")
        .add(cluster.kafkaError().isEmpty(), "cluster", name));
    families.add(new MetricFamily("steward_kafka_brokers_registered", "Brokers registered in ZooKeeper")
        .add(cluster.brokers().size(), "cluster", name));
    families.add(new MetricFamily("steward_kafka_brokers_expected", "Brokers the inventory declares")
        .add(cluster.expectedBrokers().size(), "cluster", name));
    MetricFamily controller = new MetricFamily("steward_kafka_controller", "Broker id of the controller; absent when none");
    cluster.controller().ifPresent(id -> controller.add(id, "cluster", name));
    families.add(controller);
    MetricFamily urp = new MetricFamily("steward_kafka_under_replicated_partitions",
        "Under-replicated partitions; absent when Kafka could not be read");
    MetricFamily offline = new MetricFamily("steward_kafka_offline_partitions",
        "Partitions without a leader; absent when Kafka could not be read");
    if (cluster.kafkaError().isEmpty()) {
      urp.add(cluster.underReplicatedPartitions(), "cluster", name);
      offline.add(cluster.offlinePartitions(), "cluster", name);
    }
    families.add(urp);
    families.add(offline);
    families.add(diskFree);
    families.add(diskTotal);
    families.add(memAvailable);
    families.add(memTotal);

    MetricFamily groupLag = new MetricFamily("steward_consumer_group_lag", "Total lag of a consumer group, in records");
    MetricFamily groupMembers = new MetricFamily("steward_consumer_group_members", "Members of a consumer group");
    MetricFamily topicLag = new MetricFamily("steward_consumer_topic_lag",
        "Lag of a consumer group on one topic, in records");
    for (GroupLag group : report.inputs().lag()) {
      groupLag.add(group.totalLag(), "group", group.group());
      groupMembers.add(group.members(), "group", group.group());
      for (TopicLag topic : group.topics()) {
        topicLag.add(topic.totalLag(), "group", group.group(), "topic", topic.topic());
      }
    }
    families.add(groupLag);
    families.add(groupMembers);
    families.add(topicLag);

    MetricFamily workerUp = new MetricFamily("steward_connect_worker_up", "1 when the host's Kafka Connect worker is healthy");
    MetricFamily running = new MetricFamily("steward_connector_running", "1 when the connector instance is RUNNING");
    MetricFamily failed = new MetricFamily("steward_connector_failed", "1 when the connector instance is FAILED");
    MetricFamily tasks = new MetricFamily("steward_connector_tasks", "Tasks of the connector");
    MetricFamily failedTasks = new MetricFamily("steward_connector_failed_tasks", "FAILED tasks of the connector");
    report.connect().ifPresent(connect -> {
      for (WorkerState worker : connect.workers()) {
        workerUp.add(worker.healthy(), "host", worker.host());
      }
      for (ConnectorStatus status : connect.connectors().values()) {
        running.add(ConnectorStatus.RUNNING.equals(status.state()), "connector", status.name());
        failed.add(ConnectorStatus.FAILED.equals(status.state()), "connector", status.name());
        tasks.add(status.tasks().size(), "connector", status.name());
        failedTasks.add(status.failedTasks().size(), "connector", status.name());
      }
    });
    families.add(workerUp);
    families.add(running);
    families.add(failed);
    families.add(tasks);
    families.add(failedTasks);

    MetricFamily slotActive = new MetricFamily("steward_replication_slot_active",
        "1 when a Debezium connector's replication slot is active");
    MetricFamily slotWal = new MetricFamily("steward_replication_slot_wal_bytes",
        "WAL PostgreSQL keeps for a Debezium connector's replication slot");
    for (HealthInputs.SlotReading slot : report.inputs().slots()) {
      slotActive.add(slot.slot().active(), "connector", slot.connector(), "slot", slot.slot().name());
      slotWal.add(slot.slot().retainedWalBytes(), "connector", slot.connector(), "slot", slot.slot().name());
    }
    families.add(slotActive);
    families.add(slotWal);
    MetricFamily expiry = new MetricFamily("steward_certificate_expiry_timestamp_seconds",
        "When a certificate expires (cluster CA, coordinator, each host's agent), in Unix seconds");
    report.inputs().certificates().forEach(c -> expiry.add(c.notAfter().getEpochSecond(), "subject", c.subject()));
    families.add(expiry);
    families.add(new MetricFamily("steward_collect_duration_seconds", "How long collecting this status took")
        .add(collectSeconds, "cluster", name));
    return families;
  }
}
