package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.common.testing.Eventually;
import dev.steward.common.testing.PrometheusTextParser;
import dev.steward.coordinator.connect.ConnectRestClient;
import dev.steward.coordinator.connect.ConnectRestException;
import dev.steward.coordinator.connect.WorkerHealth;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kafka Connect in distributed mode on a real sandbox with a worker on every host: the three
 * workers form one group, a FileStream source (shipped in Kafka's distribution) runs, a rolling
 * restart of the workers under it loses no line and never has two workers down, a second apply
 * restarts nothing, and a real plugin archive (Debezium's PostgreSQL connector) is pushed,
 * unpacked beside plugin.path and loaded by every worker after the roll that apply schedules.
 *
 * <p>Then MirrorMaker 2 (tests 5 and 6, docs/mirroring.md): this sandbox is the target, a second
 * sandbox on 127.0.10 the source. A mirror whose source is this cluster is refused; a real mirror
 * copies a keyed topic record for record, and a consumer group that fails over resumes from its
 * translated offsets, re-reading no more than the offset sync settings allow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectIT {

  private static final List<String> HOSTS = List.of("h1", "h2", "h3");
  private static final String TOPIC = "it-file-lines";
  private static final String CONNECTOR = "file-source";

  private static SandboxFixture sandbox;
  private static Path sourceFile;

  @BeforeAll
  static void up() throws Exception {
    sandbox = new SandboxFixture("127.0.6");
    sandbox.up("--no-smoke-test", "--connect-on-every-host");
    sourceFile = sandbox.dir.resolve("file-source.txt");
    Files.writeString(sourceFile, "");
  }

  @AfterAll
  static void down() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static URI worker(String host) {
    return URI.create("http://" + sandbox.prefix + "." + host.substring(1) + ":8083");
  }

  private static ConnectRestClient rest(String host) {
    return new ConnectRestClient(worker(host), Duration.ofSeconds(5));
  }

  private static StewardCli.Run steward(String... args) throws Exception {
    return StewardCli.steward(Duration.ofMinutes(10), args);
  }

  @Test
  @Order(1)
  void threeWorkersInOneGroupRunTheFileSource() throws Exception {
    JsonNode status = sandbox.status();
    JsonNode workers = status.at("/cluster/connect/workers");
    assertThat(workers).hasSize(3);
    workers.forEach(w -> assertThat(w.get("up").asBoolean()).as(w.toString()).isTrue());
    Set<String> clusterIds = new TreeSet<>();
    for (String host : HOSTS) {
      clusterIds.add(rest(host).root().kafkaClusterId());
    }
    assertThat(clusterIds).as("every worker stores its state in the same Kafka cluster").hasSize(1);

    rest("h2").putConfig(CONNECTOR, Map.of(
        "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "tasks.max", "1",
        "file", sourceFile.toString(),
        "topic", TOPIC));
    appendLines(1, 50);
    awaitRunning(Duration.ofMinutes(2));
    // the connector created on h2 is known to every worker of the group
    for (String host : HOSTS) {
      assertThat(rest(host).connectors()).contains(CONNECTOR);
    }
    assertThat(Delivery.missing(consumeAll(50, Duration.ofSeconds(60)), 50)).isEmpty();
    JsonNode after = sandbox.status();
    assertThat(after.at("/cluster/connect/connectors/0/name").asText()).isEqualTo(CONNECTOR);
    assertThat(after.at("/cluster/connect/connectors/0/state").asText()).isEqualTo("RUNNING");
  }

  @Test
  @Order(2)
  void rollingRestartOfTheWorkersLosesNoLineAndNeverHasTwoWorkersDown() throws Exception {
    int first = 51;
    AtomicInteger written = new AtomicInteger(first - 1);
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      while (writing.get()) {
        try {
          int next = written.get() + 1;
          appendLines(next, next);
          written.set(next);
          Thread.sleep(20);
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    }, "line-writer");
    StewardCli.Run roll;
    try (WorkerWatcher watcher = new WorkerWatcher()) {
      writer.start();
      Thread.sleep(2000);
      roll = steward("rollout", "restart", "-i", sandbox.inventory().toString(), "--service", "connect", "-o", "json");
      Thread.sleep(2000);
      writing.set(false);
      writer.join();
      System.out.println("connect workers during the roll: " + watcher.describe());
      assertThat(watcher.maxDownAtOnce()).as("never two workers down: " + watcher.describe()).isLessThanOrEqualTo(1);
      assertThat(watcher.firstDownOrder()).as("each worker went down once, in inventory order").containsExactly(
          "h1", "h2", "h3");
    }
    assertThat(roll.exitCode()).as(roll.toString()).isZero();
    List<String> order = SandboxFixture.JSON.convertValue(SandboxFixture.JSON.readTree(roll.stdout()).get("order"),
        List.class);
    assertThat(order).containsExactly("kafka-connect:h1", "kafka-connect:h2", "kafka-connect:h3");

    int total = written.get();
    Map<Integer, Integer> seen = consumeAll(total, Duration.ofMinutes(2));
    long duplicates = seen.values().stream().mapToInt(n -> n - 1).sum();
    System.out.println("file source through a rolling restart of every worker: " + total + " lines written, "
        + seen.size() + " distinct consumed, " + duplicates + " duplicates (at-least-once is Connect's guarantee)");
    assertThat(Delivery.missing(seen, total)).as("lines that never reached Kafka").isEmpty();
    awaitRunning(Duration.ofMinutes(1));
  }

  @Test
  @Order(3)
  void secondApplyChangesNothingAndRestartsNoWorker() throws Exception {
    Map<String, Long> before = workerPids();
    StewardCli.Run apply = steward("apply", "-i", sandbox.inventory().toString(), "-o", "json");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    JsonNode json = SandboxFixture.JSON.readTree(apply.stdout());
    int connectResources = 0;
    for (JsonNode phase : json.get("phases")) {
      for (JsonNode host : phase.get("hosts")) {
        for (JsonNode resource : host.get("resources")) {
          assertThat(resource.get("status").asText()).as(resource.toString()).isEqualTo("unchanged");
          if (phase.get("name").asText().equals("kafka-connect")) {
            connectResources++;
          }
        }
      }
    }
    assertThat(connectResources).as("the connect phase ran on every worker host").isEqualTo(6);
    assertThat(workerPids()).isEqualTo(before);
  }

  @Test
  @Order(4)
  void aPluginArchiveIsUnpackedBesidePluginPathAndLoadedByEveryWorker() throws Exception {
    Path archive = Files.list(Path.of(System.getProperty("steward.connect.plugins")))
        .filter(p -> p.getFileName().toString().endsWith(".tar.gz")).findFirst().orElseThrow();
    String inventory = Files.readString(sandbox.inventory());
    String wrong = inventory.replace("connect:\n", "connect:\n  plugins:\n    - {name: debezium-postgres, path: "
        + archive + ", sha512: " + "0".repeat(128) + "}\n");
    Files.writeString(sandbox.inventory(), wrong);
    StewardCli.Run refused = steward("apply", "-i", sandbox.inventory().toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.stderr()).contains("connect.plugins[0].sha512");
    assertThat(Files.exists(sandbox.dir.resolve("hosts/h1/opt/connect-plugins/active/debezium-postgres")))
        .as("nothing was installed").isFalse();

    Files.writeString(sandbox.inventory(), inventory.replace("connect:\n", "connect:\n  plugins:\n"
        + "    - {name: debezium-postgres, path: " + archive + ", sha512: " + sha512(archive) + "}\n"));
    StewardCli.Run apply = steward("apply", "-i", sandbox.inventory().toString());
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    for (String host : HOSTS) {
      Path link = sandbox.dir.resolve("hosts/" + host + "/opt/connect-plugins/active/debezium-postgres");
      assertThat(Files.isSymbolicLink(link)).as(link.toString()).isTrue();
      assertThat(link.toRealPath().getFileName().toString()).isEqualTo("debezium-connector-postgres-3.2.3.Final-plugin");
      List<String> classes = new ArrayList<>();
      for (JsonNode plugin : SandboxFixture.JSON.readTree(URI.create(worker(host) + "/connector-plugins").toURL())) {
        classes.add(plugin.get("class").asText());
      }
      assertThat(classes).as("the worker on " + host + " restarted onto the new plugin.path entry")
          .contains("io.debezium.connector.postgresql.PostgresConnector");
    }
    awaitRunning(Duration.ofMinutes(1));
  }

  // ---------------------------------------------------------------------------------------------
  // MirrorMaker 2: the source cluster is a second sandbox on 127.0.10, the target this one.

  private static final String MIRROR_SOURCE_PREFIX = "127.0.10";
  private static final String MIRRORED_TOPIC = "it-mirror-orders";
  private static final String MIRROR_GROUP = "it-mirror-group";
  private static final int MIRROR_PARTITIONS = 3;
  private static final int OFFSET_LAG_MAX = 10;

  private static String mirrorSection(String sourceBootstrap) {
    return "mirrors:\n"
        + "  - name: east\n"
        + "    source: {bootstrapServers: [" + sourceBootstrap.replace(",", ", ") + "]}\n"
        + "    topics: [\"it-mirror-.*\"]\n"
        + "    groups: [\"" + MIRROR_GROUP + "\"]\n"
        + "    replicationPolicy: prefixed\n"
        + "    offsetSync: {checkpointInterval: 5s, syncGroupOffsetsInterval: 5s, offsetLagMax: " + OFFSET_LAG_MAX
        + "}\n"
        + "    refreshInterval: 5s\n";
  }

  @Test
  @Order(5)
  void aMirrorFromThisClusterIntoItselfIsRefusedAndNothingChanges() throws Exception {
    String inventory = Files.readString(sandbox.inventory());
    try {
      Files.writeString(sandbox.inventory(), inventory + mirrorSection(sandbox.bootstrap()));
      StewardCli.Run refused = steward("apply", "-i", sandbox.inventory().toString());
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
      assertThat(refused.stderr()).contains("mirrors[0].source.bootstrapServers[0]").contains("a loop");
      assertThat(rest("h1").connectors()).as("no mirror connector was created").noneMatch(c -> c.startsWith("east-"));
    } finally {
      Files.writeString(sandbox.inventory(), inventory);
    }
  }

  @Test
  @Order(6)
  void mirrorMakerCopiesATopicAndAFailedOverGroupResumesFromItsTranslatedOffsets() throws Exception {
    String targetState = StewardCli.ENVIRONMENT.get("STEWARD_STATE_DIR");
    SandboxFixture source = new SandboxFixture(MIRROR_SOURCE_PREFIX);
    try {
      source.up("--no-smoke-test");
      StewardCli.ENVIRONMENT.put("STEWARD_STATE_DIR", targetState);
      runMirror(source);
    } finally {
      StewardCli.ENVIRONMENT.put("STEWARD_STATE_DIR", source.stateDir.toString());
      try {
        source.close();
      } finally {
        StewardCli.ENVIRONMENT.put("STEWARD_STATE_DIR", targetState);
      }
    }
  }

  private static void runMirror(SandboxFixture source) throws Exception {
    String targetTopic = "east." + MIRRORED_TOPIC;
    int first = 300;
    int second = 150;
    MirrorClients.createTopic(source.bootstrap(), MIRRORED_TOPIC, MIRROR_PARTITIONS);
    Map<String, String> produced = new LinkedHashMap<>(MirrorClients.produce(source.bootstrap(), MIRRORED_TOPIC, 1,
        first));

    Files.writeString(sandbox.inventory(), Files.readString(sandbox.inventory()) + mirrorSection(source.bootstrap()));
    StewardCli.Run apply = steward("apply", "-i", sandbox.inventory().toString(), "-o", "json");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(actions(apply)).containsEntry("east-mirror-source", "create")
        .containsEntry("east-mirror-checkpoint", "create").containsEntry("east-mirror-heartbeat", "create");

    // every record, with its key, arrives under the prefixed name
    Map<String, String> mirrored = MirrorClients.readAll(sandbox.bootstrap(), targetTopic, first,
        Duration.ofMinutes(3));
    assertThat(mirrored).as("the records on the target, value -> key").isEqualTo(produced);
    assertThat(MirrorClients.endOffsetSum(sandbox.bootstrap(), targetTopic)).as("no record twice").isEqualTo(first);

    // a second apply changes no connector (a config write would restart it)
    StewardCli.Run again = steward("apply", "-i", sandbox.inventory().toString(), "-o", "json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(actions(again)).containsEntry("east-mirror-source", "unchanged")
        .containsEntry("east-mirror-checkpoint", "unchanged").containsEntry("east-mirror-heartbeat", "unchanged");

    // the group reads everything there is on the source, commits, and its consumer goes away
    Set<String> readOnSource = MirrorClients.consumeAndCommit(source.bootstrap(), MIRRORED_TOPIC, MIRROR_GROUP, first,
        Duration.ofMinutes(1));
    assertThat(readOnSource).hasSize(first);
    long syncedAt = System.nanoTime();
    Map<Integer, Long> translated = Eventually.within(Duration.ofMinutes(2)).every(Duration.ofSeconds(1))
        .until("the group's offsets synced to the target", () -> MirrorClients.committed(sandbox.bootstrap(),
            MIRROR_GROUP, targetTopic), offsets -> offsets.size() == MIRROR_PARTITIONS);
    System.out.println("mirror: the group's translated offsets reached the target " + (System.nanoTime() - syncedAt)
        / 1_000_000 + " ms after its commit on the source: " + translated);

    // the source keeps producing; the group fails over to the target and must find every new record
    produced.putAll(MirrorClients.produce(source.bootstrap(), MIRRORED_TOPIC, first + 1, first + second));
    Eventually.within(Duration.ofMinutes(2)).every(Duration.ofSeconds(1)).until("the new records mirrored",
        () -> MirrorClients.endOffsetSum(sandbox.bootstrap(), targetTopic), end -> end == first + second);

    StewardCli.Run status = steward("mirror", "status", "-i", sandbox.inventory().toString(), "-o", "json");
    System.out.println(status);
    assertThat(status.exitCode()).as(status.toString()).isZero();
    JsonNode mirror = SandboxFixture.JSON.readTree(status.stdout()).at("/mirrors/0");
    assertThat(mirror.get("healthy").asBoolean()).isTrue();
    JsonNode topic = mirror.get("topics").get(0);
    assertThat(topic.get("topic").asText()).isEqualTo(MIRRORED_TOPIC);
    assertThat(topic.get("targetTopic").asText()).isEqualTo(targetTopic);
    assertThat(topic.get("sourceEnd").asLong()).isEqualTo(first + second);
    assertThat(topic.get("targetEnd").asLong()).isEqualTo(first + second);
    assertThat(topic.get("lag").asLong()).isZero();
    topic.get("partitions").forEach(p -> assertThat(p.get("lastSync").isObject()).as(p.toString()).isTrue());
    long sourceCommitted = 0;
    for (JsonNode row : mirror.get("groups")) {
      assertThat(row.get("group").asText()).isEqualTo(MIRROR_GROUP);
      sourceCommitted += row.get("sourceCommitted").asLong();
      // the checkpoint may have improved since the sync the test saw; never past the records there were
      assertThat(row.get("translated").isNumber()).as(row.toString()).isTrue();
      assertThat(row.get("translated").asLong()).as(row.toString())
          .isBetween(translated.get(row.get("partition").asInt()), (long) first);
      assertThat(row.get("targetCommitted").isNumber()).as(row.toString()).isTrue();
    }
    assertThat(sourceCommitted).as("the group's committed offsets on the source").isEqualTo(first);
    StewardCli.Run text = steward("mirror", "status", "-i", sandbox.inventory().toString());
    System.out.println(text.stdout());

    Map<String, Integer> readOnTarget = MirrorClients.consumeFailedOver(sandbox.bootstrap(), targetTopic, MIRROR_GROUP,
        produced.keySet().stream().filter(v -> !readOnSource.contains(v)).toList(), Duration.ofMinutes(1));
    long reread = readOnTarget.keySet().stream().filter(readOnSource::contains).count();
    List<String> skipped = produced.keySet().stream()
        .filter(v -> !readOnSource.contains(v) && !readOnTarget.containsKey(v)).toList();
    int bound = MIRROR_PARTITIONS * OFFSET_LAG_MAX;
    System.out.println("mirror failover: the group re-read " + reread + " of the " + first + " records it had "
        + "consumed on the source (bound " + bound + ": " + MIRROR_PARTITIONS + " partitions x offsetLagMax "
        + OFFSET_LAG_MAX + "), skipped " + skipped.size() + ", read " + (readOnTarget.size() - reread) + " of the "
        + second + " new ones");
    assertThat(skipped).as("records the failed-over group never read").isEmpty();
    assertThat(reread).as("records read twice because of the failover").isLessThanOrEqualTo(bound);
  }

  private static Map<String, String> actions(StewardCli.Run apply) throws IOException {
    Map<String, String> actions = new TreeMap<>();
    SandboxFixture.JSON.readTree(apply.stdout()).get("connectors").forEach(c -> actions.put(c.get("name").asText(),
        c.get("action").asText()));
    return actions;
  }

  // ---- steward status alerts and steward metrics (orders 50-59) ----

  private static final String FAILING_SINK = "it-failing-sink";

  @Test
  @Order(50)
  void healthyClusterExitsZeroWithoutCriticalAlertsAndTheMetricsSayTheSame() throws Exception {
    StewardCli.Run text = steward("status", "-i", sandbox.inventory().toString());
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.stdout()).as(text.toString()).doesNotContain("CRITICAL");
    JsonNode status = sandbox.status();
    assertThat(criticalAlerts(status)).as(status.toString()).isEmpty();

    try (MetricsProcess metrics = MetricsProcess.start()) {
      Map<String, PrometheusTextParser.Family> m = metrics.scrape();
      JsonNode json = sandbox.status();
      assertThat(m.get("steward_healthy").value("cluster", json.at("/cluster/name").asText())).contains(1.0);
      assertThat(m.get("steward_alerts").value("severity", "critical")).contains(0.0);
      assertThat(m.get("steward_kafka_brokers_registered").value())
          .contains((double) json.at("/cluster/kafka/brokers").size());
      assertThat(m.get("steward_kafka_controller").value()).contains(json.at("/cluster/kafka/controller").asDouble());
      assertThat(m.get("steward_kafka_offline_partitions").value())
          .contains(json.at("/cluster/kafka/offlinePartitions").asDouble());
      for (JsonNode host : json.at("/hosts")) {
        String name = host.get("name").asText();
        assertThat(m.get("steward_agent_up").value("host", name)).contains(1.0);
        assertThat(m.get("steward_broker_up").value("host", name)).as(name).contains(1.0);
        assertThat(m.get("steward_connect_worker_up").value("host", name)).as(name).contains(1.0);
        assertThat(m.get("steward_memory_total_bytes").value("host", name))
            .contains(host.at("/memory/totalBytes").asDouble());
        for (JsonNode disk : host.get("disks")) {
          assertThat(m.get("steward_disk_total_bytes").value("host", name, "path", disk.get("path").asText()))
              .contains(disk.get("totalBytes").asDouble());
        }
      }
      assertThat(m.get("steward_connector_running").value("connector", CONNECTOR)).contains(1.0);
    }
  }

  @Test
  @Order(51)
  void brokerDownIsACriticalAlertNamingTheHostInStatusAndMetrics() throws Exception {
    controlKafka("h2", dev.steward.agent.v1.ServiceAction.SERVICE_ACTION_STOP);
    try {
      JsonNode down = Eventually.within(Duration.ofMinutes(2)).every(Duration.ofSeconds(1))
          .until("a broker-down alert for h2", sandbox::status, s -> hasAlert(s, "broker-down", "h2"));
      assertThat(down.at("/cluster/healthy").asBoolean()).isFalse();
      StewardCli.Run text = steward("status", "-i", sandbox.inventory().toString());
      assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
      assertThat(text.stdout()).as(text.toString()).contains("UNHEALTHY").contains("CRITICAL broker-down h2:");

      try (MetricsProcess metrics = MetricsProcess.start()) {
        Map<String, PrometheusTextParser.Family> m = metrics.scrape();
        assertThat(m.get("steward_broker_up").value("host", "h2", "broker_id", "2")).contains(0.0);
        assertThat(m.get("steward_broker_up").value("host", "h1")).contains(1.0);
        assertThat(m.get("steward_healthy").value()).contains(0.0);
        assertThat(m.get("steward_alert").value("severity", "critical", "kind", "broker-down", "subject", "h2"))
            .contains(1.0);
      }
    } finally {
      controlKafka("h2", dev.steward.agent.v1.ServiceAction.SERVICE_ACTION_START);
      sandbox.awaitHealthy(Duration.ofMinutes(5));
    }
    StewardCli.Run healthy = steward("status", "-i", sandbox.inventory().toString());
    assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
  }

  @Test
  @Order(52)
  void failedConnectorTaskIsACriticalAlertInStatusAndMetrics() throws Exception {
    // a FileStream sink whose file cannot be created: its task fails on start
    rest("h1").putConfig(FAILING_SINK, Map.of(
        "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
        "tasks.max", "1",
        "file", "/nonexistent-steward-it-dir/out.txt",
        "topics", TOPIC));
    try {
      JsonNode failed = Eventually.within(Duration.ofMinutes(2)).every(Duration.ofSeconds(1))
          .until("a failed-task alert", sandbox::status, s -> hasAlert(s, "connector-task-failed", FAILING_SINK + "/0"));
      assertThat(failed.at("/cluster/healthy").asBoolean()).isFalse();
      StewardCli.Run text = steward("status", "-i", sandbox.inventory().toString());
      assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
      assertThat(text.stdout()).contains("CRITICAL connector-task-failed " + FAILING_SINK + "/0:");
      try (MetricsProcess metrics = MetricsProcess.start()) {
        Map<String, PrometheusTextParser.Family> m = metrics.scrape();
        assertThat(m.get("steward_connector_failed_tasks").value("connector", FAILING_SINK)).contains(1.0);
        assertThat(m.get("steward_connector_failed_tasks").value("connector", CONNECTOR)).contains(0.0);
      }
    } finally {
      rest("h1").delete(FAILING_SINK);
      sandbox.awaitHealthy(Duration.ofMinutes(2));
    }
  }

  @Test
  @Order(53)
  void metricsRefuseANonLoopbackAddressWithoutAllowRemote() throws Exception {
    StewardCli.Run refused = steward("metrics", "-i", sandbox.inventory().toString(), "--listen", "0.0.0.0:9308");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.stderr()).contains("--allow-remote");
  }

  private static List<JsonNode> criticalAlerts(JsonNode status) {
    List<JsonNode> critical = new ArrayList<>();
    status.at("/alerts").forEach(a -> {
      if ("critical".equals(a.get("severity").asText())) {
        critical.add(a);
      }
    });
    return critical;
  }

  private static boolean hasAlert(JsonNode status, String kind, String subject) {
    for (JsonNode alert : status.at("/alerts")) {
      if (alert.get("kind").asText().equals(kind) && alert.get("subject").asText().equals(subject)) {
        return true;
      }
    }
    return false;
  }

  /** Stops or starts a host's broker through its agent, as an operator's systemctl would. */
  private static void controlKafka(String host, dev.steward.agent.v1.ServiceAction action) throws Exception {
    dev.steward.common.inventory.HostSpec spec = new dev.steward.common.inventory.HostSpec(host,
        sandbox.prefix + "." + host.substring(1), java.util.OptionalInt.of(Integer.parseInt(host.substring(1))),
        java.util.OptionalInt.of(Integer.parseInt(host.substring(1))), 7443);
    try (dev.steward.coordinator.agent.AgentClient agent = new dev.steward.coordinator.agent.AgentClient(host,
        new dev.steward.coordinator.agent.PlaintextLoopbackConnector().connect(spec))) {
      agent.control(dev.steward.agent.v1.ControlServiceRequest.newBuilder()
          .setOperationId(java.util.UUID.randomUUID().toString())
          .setService(dev.steward.agent.v1.ServiceName.SERVICE_NAME_KAFKA).setAction(action)
          .setReason(dev.steward.agent.v1.RestartReasonKind.RESTART_REASON_KIND_MANUAL).build(), Duration.ofMinutes(3));
    }
  }

  /** `steward metrics` on a free loopback port, without the cache, stopped on close. */
  private static final class MetricsProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final URI url;

    private MetricsProcess(Process process, Path log, URI url) {
      this.process = process;
      this.log = log;
      this.url = url;
    }

    static MetricsProcess start() throws IOException {
      int port;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      Path log = Files.createTempFile(sandbox.dir, "metrics", ".log");
      Process process = StewardCli.startSteward(log, "metrics", "-i", sandbox.inventory().toString(), "--listen",
          "127.0.0.1:" + port, "--cache-seconds", "0");
      return new MetricsProcess(process, log, URI.create("http://127.0.0.1:" + port + "/metrics"));
    }

    Map<String, PrometheusTextParser.Family> scrape() {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      String body = Eventually.within(Duration.ofMinutes(1)).every(Duration.ofMillis(500)).until("/metrics answers",
          () -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("steward metrics exited: " + Files.readString(log));
            }
            try {
              java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(url)
                  .timeout(Duration.ofSeconds(60)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
              return response.statusCode() == 200
                  && response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4")
                  ? response.body() : null;
            } catch (IOException e) {
              return null;
            }
          }, java.util.Objects::nonNull);
      return PrometheusTextParser.parse(body);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static void appendLines(int from, int to) throws IOException {
    try (Writer out = Files.newBufferedWriter(sourceFile, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      for (int i = from; i <= to; i++) {
        out.write("line-" + i + "\n");
      }
    }
  }

  private static void awaitRunning(Duration timeout) {
    Eventually.within(timeout).every(Duration.ofMillis(500)).until(CONNECTOR + " running",
        () -> rest("h1").status(CONNECTOR), status -> status.running() && !status.tasks().isEmpty());
  }

  /** Line number -> how often it was consumed, reading until lines 1..expected are all there or time runs out. */
  private static Map<Integer, Integer> consumeAll(int expected, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.bootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "connect-it-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Map<Integer, Integer> seen = new TreeMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && Delivery.missing(seen, expected).size() > 0) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          // the JSON converter wraps a string value as a JSON string (schemas enabled: an envelope)
          String value = record.value();
          int at = value.indexOf("line-");
          int end = at;
          while (end + 5 < value.length() && Character.isDigit(value.charAt(end + 5))) {
            end++;
          }
          seen.merge(Integer.parseInt(value.substring(at + 5, end + 5)), 1, Integer::sum);
        }
      }
    }
    return seen;
  }


  private static Map<String, Long> workerPids() {
    Map<String, Long> pids = new TreeMap<>();
    for (String host : HOSTS) {
      String root = sandbox.dir.resolve("hosts").resolve(host) + "/";
      ProcessHandle.allProcesses().forEach(p -> {
        String cmd = SandboxFixture.commandLine(p);
        if (cmd.contains("ConnectDistributed") && cmd.contains(root)) {
          pids.put(host, p.pid());
        }
      });
    }
    return pids;
  }

  private static String sha512(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-512");
    return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
  }

  /** Records every worker's health every 200 ms, from outside Steward. */
  private static final class WorkerWatcher implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Map<String, Boolean>> samples = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    WorkerWatcher() {
      thread = new Thread(this::watch, "worker-watcher");
      thread.setDaemon(true);
      thread.start();
    }

    private void watch() {
      Map<String, ConnectRestClient> clients = new LinkedHashMap<>();
      HOSTS.forEach(h -> clients.put(h, new ConnectRestClient(worker(h), Duration.ofMillis(1500))));
      Map<String, Boolean> previous = new LinkedHashMap<>();
      HOSTS.forEach(h -> previous.put(h, true));
      while (running.get()) {
        Map<String, Boolean> sample = new LinkedHashMap<>();
        clients.forEach((host, client) -> {
          boolean up;
          try {
            WorkerHealth health = client.health();
            up = health.healthy();
          } catch (ConnectRestException e) {
            // refused (the process is gone) is down; a worker too busy to answer in time on a loaded
            // machine is not evidence of anything: keep what was last known
            up = e.answered() || !e.getMessage().contains("within") ? false : previous.get(host);
          }
          sample.put(host, up);
        });
        previous.putAll(sample);
        samples.add(sample);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    int maxDownAtOnce() {
      return samples.stream().mapToInt(s -> (int) s.values().stream().filter(up -> !up).count()).max().orElse(0);
    }

    List<String> firstDownOrder() {
      List<String> order = new ArrayList<>();
      Map<String, Boolean> previous = null;
      for (Map<String, Boolean> sample : samples) {
        for (Map.Entry<String, Boolean> entry : sample.entrySet()) {
          boolean wasUp = previous == null || previous.get(entry.getKey());
          if (wasUp && !entry.getValue()) {
            order.add(entry.getKey());
          }
        }
        previous = sample;
      }
      return order;
    }

    String describe() {
      return samples.size() + " samples, at most " + maxDownAtOnce() + " down at once, went down in order "
          + firstDownOrder();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(5000);
    }
  }
}
