package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.common.testing.Eventually;
import dev.steward.coordinator.cdc.PostgresTarget;
import dev.steward.coordinator.cdc.ReplicationSlots;
import dev.steward.coordinator.cdc.SlotInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
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
 * The guide's Debezium PostgreSQL CDC end to end, on a real PostgreSQL 15, real Connect workers
 * (one per host) and the real Debezium plugin: `sandbox cdc` brings the guide's rows into
 * cdc.user_events, then inserts, updates, deletes, pause and resume, a second apply that restarts
 * nothing, the guide's ExtractNewRecordState variant, continuous inserts through rolling restarts
 * of the workers and the brokers and a killed worker (nothing missing), a measured latency and
 * throughput, and a delete that names the slot it leaves or drops it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CdcIT {

  private static final String TOPIC = "cdc.user_events";
  private static final String CONNECTOR = "postgres-debezium-connector";
  private static final String HA_CONNECTOR = "postgres-ha-cdc-connector";

  private static SandboxFixture sandbox;
  private static PostgresTarget superuser;
  private static PostgresTarget cdcUser;
  private static KafkaConsumer<String, String> consumer;
  /** Every change event read from cdc.user_events so far (the unwrapped payload, or null for a tombstone). */
  private static final List<JsonNode> EVENTS = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void up() throws Exception {
    try {
      dev.steward.coordinator.cdc.LocalPostgres.findBinaries();
    } catch (RuntimeException missing) {
      if ("required".equals(System.getProperty("postgres", "auto"))) {
        throw missing;
      }
      org.junit.jupiter.api.Assumptions.abort("skipped: " + missing.getMessage() + " (-Dpostgres=required fails)");
    }
    sandbox = new SandboxFixture("127.0.9");
    sandbox.up("--no-smoke-test", "--connect-on-every-host");
    StewardCli.Run cdc = StewardCli.steward(Duration.ofMinutes(10), "sandbox", "cdc", "--dir", sandbox.dir.toString());
    System.out.println(cdc);
    assertThat(cdc.exitCode()).as(cdc.toString()).isZero();
    assertThat(cdc.stdout()).contains("create     " + CONNECTOR).contains("kafka-console-consumer.sh");
    String address = sandbox.prefix + ".1";
    superuser = new PostgresTarget(address, 5432, "analytics_db", "postgres", secret("postgres-superuser"));
    cdcUser = new PostgresTarget(address, 5432, "analytics_db", "cdc_user", secret("cdc-db-password"));
    consumer = consumer("cdc-it");
    consumer.subscribe(List.of(TOPIC));
  }

  @AfterAll
  static void down() throws Exception {
    if (consumer != null) {
      consumer.close();
    }
    if (sandbox != null) {
      sandbox.close();
      Path database = new dev.steward.coordinator.sandbox.SandboxCdc(
          new dev.steward.coordinator.sandbox.SandboxLayout(sandbox.dir)).dataDir();
      assertThat(SandboxFixture.processesUnder(database)).as("PostgreSQL stopped by sandbox down").isEmpty();
      // the test's own database: Steward never deletes data, the test cleans up after itself
      try (var files = Files.walk(database)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static String secret(String name) throws Exception {
    return Files.readString(sandbox.dir.resolve("secrets").resolve(name)).strip();
  }

  @Test
  @Order(1)
  void theGuidesThreeRowsArriveThenAFourthWithinSeconds() throws Exception {
    List<JsonNode> snapshot = awaitEvents(e -> e != null && "r".equals(e.path("op").asText()), 3, Duration.ofMinutes(2));
    assertThat(snapshot).extracting(e -> e.at("/after/user_id").asInt()).containsExactlyInAnyOrder(1001, 1002, 1003);
    assertThat(snapshot).extracting(e -> e.at("/after/event_type").asText())
        .containsExactlyInAnyOrder("login", "purchase", "logout");

    long inserted = System.nanoTime();
    execute("INSERT INTO user_events (user_id, event_type, event_data) VALUES (1004, 'signup', "
        + "'{\"email\": \"test@example.com\"}')");
    JsonNode fourth = awaitEvents(e -> e != null && e.at("/after/user_id").asInt() == 1004, 1, Duration.ofSeconds(30))
        .get(0);
    System.out.println("the guide's fourth row reached " + TOPIC + " in "
        + Duration.ofNanos(System.nanoTime() - inserted).toMillis() + " ms");
    assertThat(fourth.path("op").asText()).isEqualTo("c");
    assertThat(fourth.at("/after/event_data").asText()).contains("test@example.com");
  }

  @Test
  @Order(2)
  void updatesAndDeletesArrive() throws Exception {
    execute("UPDATE user_events SET event_type = 'login-again' WHERE user_id = 1001");
    execute("DELETE FROM user_events WHERE user_id = 1002");

    JsonNode update = awaitEvents(e -> e != null && "u".equals(e.path("op").asText()), 1, Duration.ofSeconds(30)).get(0);
    assertThat(update.at("/after/event_type").asText()).isEqualTo("login-again");
    JsonNode delete = awaitEvents(e -> e != null && "d".equals(e.path("op").asText()), 1, Duration.ofSeconds(30)).get(0);
    assertThat(delete.at("/before/id").isMissingNode()).isFalse();
    assertThat(delete.path("after").isNull()).isTrue();
  }

  @Test
  @Order(3)
  void pauseStopsTheFlowAndResumeDeliversWhatWasWrittenMeanwhile() throws Exception {
    assertThat(steward("connect", "pause", "-i", sandbox.inventory().toString(), CONNECTOR).exitCode()).isZero();
    awaitState("PAUSED");
    for (int i = 0; i < 5; i++) {
      execute("INSERT INTO user_events (user_id, event_type) VALUES (" + (2000 + i) + ", 'while-paused')");
    }
    Thread.sleep(5000);
    pollInto(Duration.ofSeconds(1));
    assertThat(EVENTS).as("nothing flows while paused").noneMatch(e -> e != null
        && "while-paused".equals(e.at("/after/event_type").asText()));

    StewardCli.Run resume = steward("connect", "resume", "-i", sandbox.inventory().toString(), CONNECTOR, "-o", "json");
    assertThat(resume.exitCode()).as(resume.toString()).isZero();
    assertThat(awaitEvents(e -> e != null && "while-paused".equals(e.at("/after/event_type").asText()), 5,
        Duration.ofSeconds(60))).hasSize(5);
    Path audit = sandbox.stateDir.resolve("audit/sandbox-connect.jsonl");
    assertThat(Files.readString(audit)).contains("\"action\":\"paused\"").contains("\"action\":\"resumed\"")
        .doesNotContain(secret("cdc-db-password"));
  }

  @Test
  @Order(4)
  void aSecondApplyRestartsNoConnectorTask() throws Exception {
    awaitState("RUNNING");
    long startsBefore = taskStarts();
    StewardCli.Run apply = steward("apply", "-i", sandbox.inventory().toString(), "--no-smoke-test", "-o", "json");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    JsonNode connectors = SandboxFixture.JSON.readTree(apply.stdout()).get("connectors");
    assertThat(connectors).hasSize(1);
    assertThat(connectors.get(0).get("action").asText()).isEqualTo("unchanged");
    Thread.sleep(3000);
    assertThat(taskStarts()).as("Debezium task starts in the workers' logs").isEqualTo(startsBefore);
    assertThat(apply.stdout() + apply.stderr()).doesNotContain(secret("cdc-db-password"));
    assertThat(Files.readString(sandbox.dir.resolve("hosts/h1/opt/kafka/config/connect-secrets/cdc-db-password"
        + ".properties"))).isEqualTo("value=" + secret("cdc-db-password") + "\n");
  }

  @Test
  @Order(5)
  void theGuidesHighAvailabilityVariantDeliversFlatRecords() throws Exception {
    String text = Files.readString(sandbox.inventory());
    Files.writeString(sandbox.inventory(), text + """
          - name: %s
            class: io.debezium.connector.postgresql.PostgresConnector
            config:
              database.hostname: %s
              database.port: "5432"
              database.user: cdc_user
              database.password: ${secret:cdc-db-password}
              database.dbname: analytics_db
              schema.include.list: public
              table.include.list: public.user_events
              publication.name: debezium_publication
              publication.autocreate.mode: disabled
              slot.name: debezium_ha_slot
              topic.prefix: postgres-ha
              plugin.name: pgoutput
              snapshot.mode: initial
              decimal.handling.mode: string
              time.precision.mode: adaptive
              transforms: unwrap
              transforms.unwrap.type: io.debezium.transforms.ExtractNewRecordState
              transforms.unwrap.drop.tombstones: "false"
        """.formatted(HA_CONNECTOR, sandbox.prefix + ".1"));
    StewardCli.Run apply = steward("apply", "-i", sandbox.inventory().toString(), "--no-smoke-test");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.stdout()).contains("create     " + HA_CONNECTOR);
    try (KafkaConsumer<String, String> flat = consumer("cdc-it-ha")) {
      flat.subscribe(List.of("postgres-ha.public.user_events"));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      JsonNode row = null;
      while (row == null && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : flat.poll(Duration.ofMillis(500))) {
          if (record.value() != null) {
            row = SandboxFixture.JSON.readTree(record.value()).path("payload");
            break;
          }
        }
      }
      assertThat(row).as("a record from the HA connector").isNotNull();
      assertThat(row.has("user_id")).as("ExtractNewRecordState flattens the row: " + row).isTrue();
      assertThat(row.has("after")).isFalse();
    }
  }

  @Test
  @Order(6)
  void continuousInsertsSurviveRollingRestartsOfWorkersAndBrokersAndAKilledWorker() throws Exception {
    AtomicBoolean inserting = new AtomicBoolean(true);
    AtomicInteger committed = new AtomicInteger();
    int base = 100_000;
    Thread inserter = new Thread(() -> {
      try (Connection db = superuser.connect();
           PreparedStatement insert = db.prepareStatement(
               "INSERT INTO user_events (user_id, event_type) VALUES (?, 'load')")) {
        while (inserting.get()) {
          insert.setInt(1, base + committed.get() + 1);
          insert.executeUpdate();
          committed.incrementAndGet();
          Thread.sleep(20);
        }
      } catch (Exception e) {
        System.out.println("inserter stopped: " + e);
      }
    }, "cdc-inserter");
    Map<Integer, Integer> seen = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = new Thread(() -> {
      try (KafkaConsumer<String, String> load = consumer("cdc-it-load")) {
        load.subscribe(List.of(TOPIC));
        while (reading.get()) {
          for (ConsumerRecord<String, String> record : load.poll(Duration.ofMillis(200))) {
            JsonNode event = payload(record);
            if (event != null && "load".equals(event.at("/after/event_type").asText())) {
              seen.merge(event.at("/after/user_id").asInt() - base, 1, Integer::sum);
              arrivals.add(System.nanoTime());
            }
          }
        }
      } catch (Exception e) {
        System.out.println("reader stopped: " + e);
      }
    }, "cdc-reader");
    reader.start();
    inserter.start();
    Thread.sleep(3000);

    StewardCli.Run workers = steward("rollout", "restart", "-i", sandbox.inventory().toString(), "--service", "connect");
    assertThat(workers.exitCode()).as(workers.toString()).isZero();
    StewardCli.Run brokers = steward("rollout", "restart", "-i", sandbox.inventory().toString(), "--service", "kafka");
    assertThat(brokers.exitCode()).as(brokers.toString()).isZero();
    String taskHost = taskHost();
    long pid = workerPid(taskHost);
    System.out.println("kill -9 the worker on " + taskHost + " (pid " + pid + "), which runs the Debezium task");
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    awaitState("RUNNING", Duration.ofMinutes(3), h -> workerPid(taskHost) != pid);
    Thread.sleep(5000);
    inserting.set(false);
    inserter.join();

    int total = committed.get();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline && Delivery.missing(seen, total).size() > 0) {
      Thread.sleep(500);
    }
    reading.set(false);
    reader.join();
    long duplicates = seen.values().stream().mapToInt(n -> n - 1).sum();
    long longestGap = 0;
    Long previous = null;
    for (Long at : arrivals) {
      if (previous != null) {
        longestGap = Math.max(longestGap, at - previous);
      }
      previous = at;
    }
    System.out.printf("CDC under 50 rows/s through a worker roll, a broker roll and kill -9 of the task's worker: "
        + "%d rows committed, %d distinct arrived, %d duplicates, longest gap between arrivals %d ms%n", total,
        seen.size(), duplicates, Duration.ofNanos(longestGap).toMillis());
    assertThat(total).isGreaterThan(1000);
    assertThat(Delivery.missing(seen, total)).as("committed rows that never reached Kafka").isEmpty();
  }

  @Test
  @Order(7)
  void latencyAndThroughputBenchmark() throws Exception {
    pollInto(Duration.ofSeconds(2));
    // latency: one committed row every 50 ms, commit time in PostgreSQL (source.ts_ms) to arrival here
    List<Long> latencies = new ArrayList<>();
    int steady = 400;
    try (Connection db = superuser.connect(); PreparedStatement insert = db.prepareStatement(
        "INSERT INTO user_events (user_id, event_type) VALUES (?, 'latency')")) {
      for (int i = 0; i < steady; i++) {
        insert.setInt(1, 400_000 + i);
        insert.executeUpdate();
        Thread.sleep(50);
        collect(Duration.ZERO, "latency", latencies, new int[1]);
      }
    }
    int[] arrived = new int[] {latencies.size()};
    collectUntil(steady, "latency", latencies, arrived);
    Collections.sort(latencies);
    // throughput: 5000 rows committed 50 at a time as fast as one connection goes, until all arrived
    int rows = 5000;
    long start = System.nanoTime();
    try (Connection db = superuser.connect()) {
      db.setAutoCommit(false);
      try (PreparedStatement insert = db.prepareStatement(
          "INSERT INTO user_events (user_id, event_type) VALUES (?, 'bench')")) {
        for (int i = 0; i < rows; i++) {
          insert.setInt(1, 500_000 + i);
          insert.executeUpdate();
          if (i % 50 == 49) {
            db.commit();
          }
        }
        db.commit();
      }
    }
    double insertSeconds = (System.nanoTime() - start) / 1e9;
    int[] burst = new int[1];
    collectUntil(rows, "bench", new ArrayList<>(), burst);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("CDC benchmark: latency commit->consumer at 20 rows/s: p50 %d ms, p99 %d ms, max %d ms (%d rows); "
        + "throughput: %d rows inserted in %.1f s, all in Kafka after %.1f s = %.0f rows/s sustained%n",
        latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.99)),
        latencies.get(latencies.size() - 1), latencies.size(), burst[0], insertSeconds, seconds, burst[0] / seconds);
    assertThat(latencies).hasSize(steady);
    assertThat(burst[0]).isEqualTo(rows);
  }

  private static void collectUntil(int wanted, String type, List<Long> latencies, int[] arrived) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (arrived[0] < wanted && System.nanoTime() < deadline) {
      collect(Duration.ofMillis(200), type, latencies, arrived);
    }
  }

  private static void collect(Duration poll, String type, List<Long> latencies, int[] arrived) throws Exception {
    for (ConsumerRecord<String, String> record : consumer.poll(poll)) {
      JsonNode event = payload(record);
      if (event != null && type.equals(event.at("/after/event_type").asText())) {
        arrived[0]++;
        latencies.add(System.currentTimeMillis() - event.at("/source/ts_ms").asLong());
      }
    }
  }

  @Test
  @Order(8)
  void deleteNamesTheSlotItLeavesAndDropSlotRemovesItWithThePublication() throws Exception {
    StewardCli.Run delete = steward("connect", "delete", "-i", sandbox.inventory().toString(), HA_CONNECTOR);
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(delete.stdout()).contains("debezium_ha_slot").contains("bytes of WAL");
    assertThat(slots()).as("a plain delete leaves the slot").containsKey("debezium_ha_slot");

    StewardCli.Run drop = steward("connect", "delete", "-i", sandbox.inventory().toString(), HA_CONNECTOR,
        "--drop-slot");
    assertThat(drop.exitCode()).as(drop.toString()).isZero();
    assertThat(drop.stdout()).contains("replication slot debezium_ha_slot dropped")
        .contains("publication debezium_publication kept: " + CONNECTOR + " reads it too");
    assertThat(slots()).doesNotContainKey("debezium_ha_slot").containsKey("debezium_slot");
  }

  /**
   * `status`'s replication-slot-holding-wal alert against the real thing: with the connector
   * deleted (its slot stays: a plain delete) the slot goes inactive while inserts add WAL it holds.
   * Above alerts.walHeldAbove that is a CRITICAL alert naming the slot and its bytes (exit 1); below
   * the default 256MiB none. A re-apply recreates the connector from its offsets: the slot is
   * active again, the alert gone, and every row written meanwhile arrives.
   */
  @Test
  @Order(9)
  void anInactiveSlotHoldingWalIsACriticalAlertUntilItsConnectorIsBack() throws Exception {
    awaitState("RUNNING");
    String text = Files.readString(sandbox.inventory());
    int ha = text.indexOf("  - name: " + HA_CONNECTOR + "\n");
    if (ha >= 0) {
      // order 8 deleted it and dropped its slot: the operator's next step is to take it out of the inventory
      text = text.substring(0, ha);
      Files.writeString(sandbox.inventory(), text);
    }
    Path lowThreshold = sandbox.dir.resolve("inventory-wal-alert.yaml");
    String changed = text.replace("  diskFreeBelow: 5GiB\n", "  diskFreeBelow: 5GiB\n  walHeldAbove: 1MiB\n");
    assertThat(changed).as("the sandbox inventory's alerts section").isNotEqualTo(text);
    Files.writeString(lowThreshold, changed);

    StewardCli.Run delete = steward("connect", "delete", "-i", sandbox.inventory().toString(), CONNECTOR);
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    Eventually.within(Duration.ofSeconds(60)).every(Duration.ofSeconds(1)).until("debezium_slot inactive",
        () -> slots().get("debezium_slot"), slot -> slot != null && !slot.active());
    execute("INSERT INTO user_events (user_id, event_type, event_data) SELECT 5000 + g, 'while-deleted', "
        + "('{\"pad\": \"' || repeat('x', 1000) || '\"}')::jsonb FROM generate_series(1, 3000) g");
    SlotInfo held = slots().get("debezium_slot");
    assertThat(held.active()).isFalse();
    assertThat(held.retainedWalBytes()).as("WAL held by the inactive slot").isGreaterThan(1L << 20);

    StewardCli.Run alerting = steward("status", "-i", lowThreshold.toString(), "-o", "json");
    assertThat(alerting.exitCode()).as(alerting.toString()).isEqualTo(1);
    JsonNode alert = alert(SandboxFixture.JSON.readTree(alerting.stdout()), "replication-slot-holding-wal");
    assertThat(alert).as(alerting.stdout()).isNotNull();
    assertThat(alert.path("severity").asText()).isEqualTo("critical");
    assertThat(alert.path("subject").asText()).isEqualTo("debezium_slot");
    assertThat(alert.path("message").asText()).contains("connector " + CONNECTOR).contains("is inactive and holds ")
        .containsPattern("holds \\d+ bytes of WAL");
    StewardCli.Run textStatus = steward("status", "-i", lowThreshold.toString());
    assertThat(textStatus.exitCode()).isEqualTo(1);
    assertThat(textStatus.stdout()).contains("CRITICAL replication-slot-holding-wal debezium_slot: replication slot "
        + "of connector " + CONNECTOR + " is inactive and holds ");

    StewardCli.Run defaults = steward("status", "-i", sandbox.inventory().toString(), "-o", "json");
    assertThat(alert(SandboxFixture.JSON.readTree(defaults.stdout()), "replication-slot-holding-wal"))
        .as("a few MB are below the default 256MiB").isNull();

    StewardCli.Run apply = steward("apply", "-i", sandbox.inventory().toString(), "--no-smoke-test");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    awaitState("RUNNING");
    Eventually.within(Duration.ofSeconds(60)).every(Duration.ofSeconds(1)).until("debezium_slot active again",
        () -> slots().get("debezium_slot"), slot -> slot != null && slot.active());
    List<JsonNode> meanwhile = awaitEvents(e -> e != null && "while-deleted".equals(e.at("/after/event_type").asText()),
        3000, Duration.ofMinutes(2));
    assertThat(meanwhile.stream().map(e -> e.at("/after/user_id").asInt()).distinct().count())
        .as("every row written while the connector was gone").isEqualTo(3000);
    StewardCli.Run back = steward("status", "-i", lowThreshold.toString(), "-o", "json");
    assertThat(alert(SandboxFixture.JSON.readTree(back.stdout()), "replication-slot-holding-wal"))
        .as("an active slot is a slow connector at most, not an alert").isNull();
  }

  private static JsonNode alert(JsonNode status, String kind) {
    for (JsonNode alert : status.path("alerts")) {
      if (alert.path("kind").asText().equals(kind)) {
        return alert;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------- helpers

  private static StewardCli.Run steward(String... args) throws Exception {
    StewardCli.Run run = StewardCli.steward(Duration.ofMinutes(10), args);
    System.out.println(run);
    return run;
  }

  private static void execute(String sql) throws Exception {
    try (Connection db = superuser.connect(); Statement statement = db.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Map<String, SlotInfo> slots() {
    Map<String, SlotInfo> slots = new TreeMap<>();
    ReplicationSlots.list(cdcUser).forEach(s -> slots.put(s.name(), s));
    return slots;
  }

  private static KafkaConsumer<String, String> consumer(String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.bootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }

  /** The change event of a record (JSON converter with schemas: the payload), or null for a tombstone. */
  private static JsonNode payload(ConsumerRecord<String, String> record) throws Exception {
    return record.value() == null ? null : SandboxFixture.JSON.readTree(record.value()).path("payload");
  }

  private static void pollInto(Duration duration) throws Exception {
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        EVENTS.add(payload(record));
      }
    }
  }

  private static List<JsonNode> awaitEvents(Predicate<JsonNode> wanted, int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<JsonNode> matching = new ArrayList<>();
      synchronized (EVENTS) {
        EVENTS.stream().filter(wanted).forEach(matching::add);
      }
      if (matching.size() >= count || System.nanoTime() > deadline) {
        assertThat(matching).as("events after " + timeout).hasSizeGreaterThanOrEqualTo(count);
        return matching;
      }
      pollInto(Duration.ofMillis(500));
    }
  }

  private static void awaitState(String state) {
    awaitState(state, Duration.ofMinutes(1), h -> true);
  }

  private static void awaitState(String state, Duration timeout, Predicate<String> also) {
    Eventually.within(timeout).every(Duration.ofSeconds(1)).until(CONNECTOR + " " + state,
        () -> StewardCli.steward(Duration.ofMinutes(1), "connect", "status", "-i", sandbox.inventory().toString(),
            CONNECTOR, "-o", "json"),
        status -> inState(status, state) && also.test(""));
  }

  /** `steward connect status` says the connector and each of its tasks (at least one) are in {@code state}. */
  private static boolean inState(StewardCli.Run status, String state) {
    if (status.exitCode() != 0) {
      return false;
    }
    JsonNode connector;
    try {
      connector = SandboxFixture.JSON.readTree(status.stdout()).at("/connectors/0");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean tasks = connector.path("tasks").size() > 0;
    for (JsonNode task : connector.path("tasks")) {
      tasks &= state.equals(task.path("state").asText());
    }
    return state.equals(connector.path("state").asText()) && tasks;
  }

  /** The sandbox host whose worker runs the Debezium task (its worker id is address:8083). */
  private static String taskHost() throws Exception {
    StewardCli.Run status = StewardCli.steward(Duration.ofMinutes(1), "connect", "status", "-i",
        sandbox.inventory().toString(), CONNECTOR, "-o", "json");
    String worker = SandboxFixture.JSON.readTree(status.stdout()).at("/connectors/0/tasks/0/worker").asText();
    return "h" + worker.substring(worker.lastIndexOf('.') + 1, worker.indexOf(':'));
  }

  private static long workerPid(String host) {
    String root = sandbox.dir.resolve("hosts").resolve(host) + "/";
    return ProcessHandle.allProcesses().filter(p -> {
      String cmd = SandboxFixture.commandLine(p);
      return cmd.contains("ConnectDistributed") && cmd.contains(root);
    }).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
  }

  /** How often a Debezium task was started, across the workers' logs. */
  private static long taskStarts() throws Exception {
    long starts = 0;
    for (String host : List.of("h1", "h2", "h3")) {
      Path log = sandbox.dir.resolve("hosts/" + host + "/opt/kafka/logs/connect.log");
      if (Files.exists(log)) {
        starts += Files.readAllLines(log).stream()
            .filter(l -> l.contains("Creating task " + CONNECTOR + "-0")).count();
      }
    }
    return starts;
  }

}
