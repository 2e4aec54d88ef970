package dev.steward.coordinator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.connect.ConnectorStatus;
import dev.steward.coordinator.connect.WorkerState;
import dev.steward.coordinator.health.Alert;
import dev.steward.coordinator.health.HealthInputs;
import dev.steward.coordinator.lag.GroupLag;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link StatusReport} as the human table or as JSON for machines. */
public final class StatusFormatter {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatusFormatter() {
  }

  public static String table(StatusReport report) {
    ClusterStatus cluster = report.cluster();
    List<List<String>> rows = new ArrayList<>();
    for (HostStatus host : report.hosts()) {
      rows.add(List.of(
          host.name(),
          host.address(),
          host.agentUp() ? "up" : "DOWN",
          host.zookeeperMode().orElse("-"),
          host.describeBroker(),
          diskText(host),
          host.agentUp() ? Bytes.format(host.availableMemoryBytes()) + " / " + Bytes.format(host.totalMemoryBytes()) : "?"));
    }
    StringBuilder text = new StringBuilder();
    text.append(TextTable.render(List.of("HOST", "ADDRESS", "AGENT", "ZOOKEEPER", "BROKER", "DISK FREE (min)", "RAM FREE / TOTAL"), rows));
    text.append('\n');
    text.append("cluster ").append(cluster.name()).append(": ").append(report.healthy() ? "HEALTHY" : "UNHEALTHY").append('\n');
    text.append("  zookeeper: ").append(cluster.zookeeperQuorum() ? "quorum" : "NO QUORUM")
        .append(cluster.zookeeperQuorum() && !cluster.zookeeperSynced() ? " (not every follower synced)" : "")
        .append(cluster.zookeeperLeader().map(l -> ", leader " + l).orElse("")).append('\n');
    text.append("  kafka: brokers ").append(cluster.brokers()).append(" of ").append(cluster.expectedBrokers())
        .append(", controller ").append(cluster.controller().isPresent() ? String.valueOf(cluster.controller().getAsInt()) : "none");
    if (cluster.kafkaError().isPresent()) {
      text.append(", ").append(cluster.kafkaError().get());
    } else {
      text.append(", under-replicated partitions ").append(cluster.underReplicatedPartitions())
          .append(", offline partitions ").append(cluster.offlinePartitions());
    }
    text.append('\n');
    for (HostStatus host : report.hosts()) {
      if (!host.agentUp()) {
        text.append("  ").append(host.name()).append(": ").append(host.agentError()).append('\n');
      }
    }
    report.connect().ifPresent(connect -> connectTable(connect, text));
    alertsText(report.alerts(), text);
    return text.toString();
  }

  private static void alertsText(List<Alert> alerts, StringBuilder text) {
    if (alerts.isEmpty()) {
      text.append("\nno alerts\n");
      return;
    }
    long critical = alerts.stream().filter(Alert::critical).count();
    text.append('\n').append(alerts.size()).append(alerts.size() == 1 ? " alert" : " alerts").append(" (")
        .append(critical).append(" critical):\n");
    for (Alert alert : alerts) {
      text.append("  ").append(alert.line()).append('\n');
    }
  }

  private static void connectTable(ConnectClusterSnapshot connect, StringBuilder text) {
    text.append("  connect: ").append(connect.describe()).append('\n');
    List<List<String>> workers = new ArrayList<>();
    for (WorkerState worker : connect.workers()) {
      workers.add(List.of(worker.host(), worker.url(), worker.healthy() ? "up" : "DOWN: " + worker.problem(),
          worker.version() == null ? "?" : worker.version()));
    }
    text.append('\n').append(TextTable.render(List.of("WORKER", "REST", "STATE", "VERSION"), workers));
    if (!connect.connectors().isEmpty()) {
      List<List<String>> connectors = new ArrayList<>();
      for (ConnectorStatus status : connect.connectors().values()) {
        String tasks = status.tasks().stream().map(t -> t.id() + ":" + t.state() + "@" + t.workerId())
            .collect(java.util.stream.Collectors.joining(" "));
        connectors.add(List.of(status.name(), status.state(), status.workerId() == null ? "?" : status.workerId(),
            tasks.isEmpty() ? "-" : tasks));
      }
      text.append('\n').append(TextTable.render(List.of("CONNECTOR", "STATE", "WORKER", "TASKS"), connectors));
    }
  }

  private static String diskText(HostStatus host) {
    if (!host.agentUp() || host.disks().isEmpty()) {
      return "?";
    }
    HostStatus.DiskSpace tightest = host.disks().stream()
        .min(java.util.Comparator.comparingLong(HostStatus.DiskSpace::usableBytes)).orElseThrow();
    return Bytes.format(tightest.usableBytes()) + " (" + Bytes.format(tightest.requiredBytes()) + ")"
        + (tightest.belowRequired() ? " LOW" : "");
  }

  public static ObjectNode json(StatusReport report) {
    ClusterStatus cluster = report.cluster();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode clusterNode = root.putObject("cluster");
    clusterNode.put("name", cluster.name());
    clusterNode.put("healthy", report.healthy());
    ObjectNode zk = clusterNode.putObject("zookeeper");
    zk.put("quorum", cluster.zookeeperQuorum());
    zk.put("synced", cluster.zookeeperSynced());
    if (cluster.zookeeperLeader().isPresent()) {
      zk.put("leader", cluster.zookeeperLeader().get());
    } else {
      zk.putNull("leader");
    }
    ObjectNode kafka = clusterNode.putObject("kafka");
    ArrayNode brokers = kafka.putArray("brokers");
    cluster.brokers().forEach(brokers::add);
    ArrayNode expected = kafka.putArray("expectedBrokers");
    cluster.expectedBrokers().forEach(expected::add);
    if (cluster.controller().isPresent()) {
      kafka.put("controller", cluster.controller().getAsInt());
    } else {
      kafka.putNull("controller");
    }
    if (cluster.kafkaError().isPresent()) {
      kafka.putNull("underReplicatedPartitions");
      kafka.putNull("offlinePartitions");
      kafka.put("error", cluster.kafkaError().get());
    } else {
      kafka.put("underReplicatedPartitions", cluster.underReplicatedPartitions());
      kafka.put("offlinePartitions", cluster.offlinePartitions());
    }
    report.connect().ifPresent(connect -> connectJson(connect, clusterNode.putObject("connect")));
    ArrayNode alerts = root.putArray("alerts");
    for (Alert alert : report.alerts()) {
      alerts.addObject().put("severity", alert.severity().label()).put("kind", alert.kind())
          .put("subject", alert.subject()).put("message", alert.message());
    }
    ArrayNode groups = root.putArray("consumerGroups");
    for (GroupLag group : report.inputs().lag()) {
      ObjectNode g = groups.addObject().put("group", group.group()).put("state", group.state())
          .put("members", group.members()).put("lag", group.totalLag());
      ArrayNode topics = g.putArray("topics");
      group.topics().forEach(t -> topics.addObject().put("topic", t.topic()).put("lag", t.totalLag()));
    }
    ArrayNode slots = root.putArray("replicationSlots");
    for (HealthInputs.SlotReading slot : report.inputs().slots()) {
      slots.addObject().put("connector", slot.connector()).put("slot", slot.slot().name())
          .put("active", slot.slot().active()).put("retainedWalBytes", slot.slot().retainedWalBytes());
    }
    ArrayNode certificates = root.putArray("certificates");
    for (HealthInputs.CertificateExpiry certificate : report.inputs().certificates()) {
      certificates.addObject().put("subject", certificate.subject()).put("notAfter", certificate.notAfter().toString());
    }
    ArrayNode hosts = root.putArray("hosts");
    for (HostStatus host : report.hosts()) {
      ObjectNode node = hosts.addObject();
      node.put("name", host.name());
      node.put("address", host.address());
      node.put("agent", host.agentUp() ? "up" : "down");
      if (!host.agentUp()) {
        node.put("agentError", host.agentError());
      }
      host.zookeeperMode().ifPresent(mode -> node.putObject("zookeeper").put("mode", mode));
      if (host.brokerId().isPresent()) {
        ObjectNode broker = node.putObject("kafka");
        broker.put("brokerId", host.brokerId().get());
        broker.put("registered", host.brokerRegistered().orElse(false));
        broker.put("process", !host.agentUp() ? "unknown"
            : host.brokerProcess().map(p -> p.running() ? "running" : "down").orElse("unknown"));
        host.brokerProcess().filter(p -> p.knownDown() && p.lastExitStatus() >= 0)
            .ifPresent(p -> broker.put("lastExitStatus", p.lastExitStatus()));
      }
      if (host.agentUp()) {
        ObjectNode memory = node.putObject("memory");
        memory.put("totalBytes", host.totalMemoryBytes());
        memory.put("availableBytes", host.availableMemoryBytes());
        ArrayNode disks = node.putArray("disks");
        for (HostStatus.DiskSpace disk : host.disks()) {
          ObjectNode d = disks.addObject();
          d.put("path", disk.path());
          d.put("usableBytes", disk.usableBytes());
          d.put("totalBytes", disk.totalBytes());
          d.put("requiredBytes", disk.requiredBytes());
        }
      }
    }
    return root;
  }

  private static void connectJson(ConnectClusterSnapshot connect, ObjectNode node) {
    ArrayNode workers = node.putArray("workers");
    for (WorkerState worker : connect.workers()) {
      ObjectNode w = workers.addObject();
      w.put("host", worker.host());
      w.put("url", worker.url());
      w.put("up", worker.healthy());
      w.put("version", worker.version());
      if (!worker.healthy()) {
        w.put("problem", worker.problem());
      }
    }
    ArrayNode connectors = node.putArray("connectors");
    for (ConnectorStatus status : connect.connectors().values()) {
      ObjectNode c = connectors.addObject();
      c.put("name", status.name());
      c.put("state", status.state());
      c.put("worker", status.workerId());
      c.put("type", status.type());
      ArrayNode tasks = c.putArray("tasks");
      status.tasks().forEach(t -> tasks.addObject().put("id", t.id()).put("state", t.state()).put("worker", t.workerId()));
    }
  }

  public static String jsonText(StatusReport report) {
    try {
      return JSON.writeValueAsString(json(report));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
