package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.common.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's main command for real: `steward sandbox up` deploys a 3-node ZooKeeper
 * ensemble and 3 Kafka brokers as real processes, `status` sees them healthy, Kafka's own
 * tools from the deployed distribution produce and consume, the guide's Kafka Connect worker runs
 * on h1, a second apply changes and restarts nothing, and `sandbox down` leaves no process behind.
 *
 * <p>Runs on 127.0.2.x so it never collides with a developer's own sandbox on 127.0.1.x.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "127.0.2";
  /** Its directories and its teardown; the class runs its own `sandbox up`, which is what it tests. */
  private static SandboxFixture sandbox;
  private static Path dir;
  /** Order 10's stalled group and its topic: the console's lagging group (orders 40-). */
  private static String stalledGroup;
  private static String lagTopic;

  @BeforeAll
  static void createDir() throws IOException {
    sandbox = new SandboxFixture(PREFIX);
    dir = sandbox.dir;
  }

  @AfterAll
  static void tearDown() throws Exception {
    // Always, even after a failure: nothing may keep running.
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static Path inventory() {
    return dir.resolve("inventory.yaml");
  }

  @Test
  @Order(1)
  void sandboxUpDeploysAHealthyClusterAndReportsPhaseTimings() throws Exception {
    StewardCli.Run up = StewardCli.steward(Duration.ofMinutes(10), "sandbox", "up", "--dir", dir.toString(),
        "--address-prefix", PREFIX);
    System.out.println(up);

    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.stdout()).contains("HEALTHY").contains("phase timings:").contains("zookeeper quorum")
        .contains("smoke test: topic steward-smoke-test").contains("produced 100, consumed 100, ok");
    assertThat(Files.readString(inventory())).contains("address: " + PREFIX + ".1");
    assertThat(up.stdout()).as("the guide's Step 9 worker, on h1 only").contains("connect workers")
        .contains("kafka connect REST: http://" + PREFIX + ".1:8083\n");
  }

  @Test
  @Order(2)
  void statusJsonShowsQuorumThreeBrokersAndNoBadPartitions() throws Exception {
    StewardCli.Run status = StewardCli.steward(Duration.ofMinutes(2), "status", "-i", inventory().toString(), "-o", "json");

    assertThat(status.exitCode()).as(status.toString()).isZero();
    JsonNode json = JSON.readTree(status.stdout());
    assertThat(json.at("/cluster/zookeeper/quorum").asBoolean()).isTrue();
    assertThat(json.at("/cluster/zookeeper/leader").asText()).isIn("h1", "h2", "h3");
    assertThat(json.at("/cluster/kafka/brokers").toString()).isEqualTo("[1,2,3]");
    assertThat(json.at("/cluster/kafka/controller").asInt()).isIn(1, 2, 3);
    assertThat(json.at("/cluster/kafka/underReplicatedPartitions").asInt()).isZero();
    assertThat(json.at("/cluster/kafka/offlinePartitions").asInt()).isZero();
    for (JsonNode host : json.get("hosts")) {
      assertThat(host.get("agent").asText()).isEqualTo("up");
      assertThat(host.at("/zookeeper/mode").asText()).isIn("leader", "follower");
      assertThat(host.at("/kafka/registered").asBoolean()).isTrue();
    }
    long leaders = 0;
    for (JsonNode host : json.get("hosts")) {
      leaders += host.at("/zookeeper/mode").asText().equals("leader") ? 1 : 0;
    }
    assertThat(leaders).isEqualTo(1);
  }

  @Test
  @Order(3)
  void kafkasOwnToolsFromTheDeployedDistributionProduceAndConsume() throws Exception {
    Path bin = dir.resolve("hosts/h2/opt/kafka/bin");
    String bootstrap = PREFIX + ".1:9092," + PREFIX + ".2:9092," + PREFIX + ".3:9092";
    String topic = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String message = "hello from the console producer " + UUID.randomUUID();

    StewardCli.Run create = StewardCli.run(List.of(bin.resolve("kafka-topics.sh").toString(), "--create", "--topic", topic,
        "--bootstrap-server", bootstrap, "--partitions", "6", "--replication-factor", "3"), Duration.ofMinutes(1), null);
    assertThat(create.exitCode()).as(create.toString()).isZero();

    StewardCli.Run produce = StewardCli.run(List.of(bin.resolve("kafka-console-producer.sh").toString(), "--topic", topic,
        "--bootstrap-server", bootstrap, "--producer-property", "acks=all"), Duration.ofMinutes(1), message + "\n");
    assertThat(produce.exitCode()).as(produce.toString()).isZero();

    StewardCli.Run consume = StewardCli.run(List.of(bin.resolve("kafka-console-consumer.sh").toString(), "--topic", topic,
        "--bootstrap-server", bootstrap, "--from-beginning", "--max-messages", "1", "--timeout-ms", "30000"),
        Duration.ofMinutes(1), null);
    assertThat(consume.exitCode()).as(consume.toString()).isZero();
    assertThat(consume.stdout()).contains(message);
  }

  @Test
  @Order(4)
  void secondApplyChangesNothingAndRestartsNothing() throws Exception {
    List<Long> pidsBefore = servicePids();

    StewardCli.Run apply = StewardCli.steward(Duration.ofMinutes(5), "apply", "-i", inventory().toString(), "-o", "json");

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    JsonNode json = JSON.readTree(apply.stdout());
    assertThat(json.get("ok").asBoolean()).isTrue();
    int resources = 0;
    for (JsonNode phase : json.get("phases")) {
      for (JsonNode host : phase.get("hosts")) {
        for (JsonNode resource : host.get("resources")) {
          resources++;
          assertThat(resource.get("status").asText()).as(resource.toString()).isEqualTo("unchanged");
        }
      }
    }
    assertThat(resources).isGreaterThan(15);
    assertThat(json.get("pendingRestarts").size()).isZero();
    assertThat(servicePids()).as("no service was restarted").containsExactlyInAnyOrderElementsOf(pidsBefore);

    StewardCli.Run plan = StewardCli.steward(Duration.ofMinutes(5), "plan", "-i", inventory().toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.stdout()).contains("no changes");
  }

  /** The ZooKeeper and Kafka JVMs of this sandbox (their command lines name its host roots). */
  private static List<Long> servicePids() {
    return SandboxFixture.processesUnder(dir.resolve("hosts")).stream()
        .filter(p -> {
          try {
            String cmd = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"), StandardCharsets.UTF_8);
            return cmd.contains("kafka.Kafka") || cmd.contains("QuorumPeerMain");
          } catch (IOException e) {
            return false;
          }
        })
        .map(ProcessHandle::pid).sorted().toList();
  }

  @Test
  @Order(5)
  void servicesAreSixJvmsAndTheGuidesConnectWorker() {
    assertThat(servicePids()).hasSize(6);
    List<String> workers = SandboxFixture.processesUnder(dir.resolve("hosts")).stream()
        .map(p -> SandboxFixture.commandLine(p)).filter(cmd -> cmd.contains("ConnectDistributed")).toList();
    assertThat(workers).hasSize(1);
    assertThat(workers.get(0)).contains(dir.resolve("hosts/h1").toString());
    for (long pid : servicePids()) {
      assertThat(environment(pid)).as("the agent launcher's own tuning stays with the agent")
          .noneMatch(v -> v.startsWith("MALLOC_ARENA_MAX=")).anyMatch(v -> v.startsWith("PATH="));
    }
  }

  private static List<String> environment(long pid) {
    try {
      return List.of(Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A newcomer's second `sandbox up` right after `sandbox down`: the stopped services' connections
   * linger in TIME_WAIT on their ports for a minute, which must not fail preflight (the services
   * bind with SO_REUSEADDR, and so does the probe).
   */
  @Test
  @Order(6)
  void sandboxDownThenUpAtOnceFindsItsPortsFreeDespiteTimeWait() throws Exception {
    StewardCli.Run down = StewardCli.steward(Duration.ofMinutes(5), "sandbox", "down", "--dir", dir.toString());
    assertThat(down.exitCode()).as(down.toString()).isZero();
    List<String> lingering = timeWaitPorts(List.of(2181, 9092, 2888, 3888));
    System.out.println("TIME_WAIT sockets on the services' ports right after sandbox down: " + lingering);
    if (lingering.isEmpty()) {
      // none this time: leave one on h1's broker port the way a stopping broker does
      lingerOn(PREFIX + ".1", 9092);
      lingering = timeWaitPorts(List.of(9092));
    }
    assertThat(lingering).as("the reproduction needs TIME_WAIT leftovers").isNotEmpty();

    StewardCli.Run up = StewardCli.steward(Duration.ofMinutes(10), "sandbox", "up", "--dir", dir.toString(),
        "--address-prefix", PREFIX, "--no-smoke-test");

    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.stdout() + up.stderr()).doesNotContain("is in use by another process");
  }

  /**
   * The launcher's class-data sharing archive (bin/steward): the first cluster command records
   * its classes as it exits, the next one adopts the record and maps it (a run with -Xshare:on
   * would refuse to start otherwise), and a record cut short by a killed writer is thrown away,
   * never mapped: a truncated archive crashes the JVM that maps it.
   */
  @Test
  @Order(8)
  void theCliRecordsItsClassesOnceAndMapsThemAfterwards() throws Exception {
    Path cache = Files.createTempDirectory(dir, "cds-");
    Map<String, String> environment = Map.of("STEWARD_CDS_DIR", cache.toString());

    StewardCli.Run first = StewardCli.steward(Duration.ofMinutes(2), environment, "status", "-i", inventory().toString(),
        "-o", "json");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    JSON.readTree(first.stdout()); // the archive's writing says nothing on stdout
    assertThat(archives(cache, ".part")).as("the first command's record").hasSize(1);

    StewardCli.Run second = StewardCli.steward(Duration.ofMinutes(2), environment, "status", "-i", inventory().toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();
    List<Path> adopted = archives(cache, ".jsa");
    assertThat(adopted).as("the record, tried and renamed").hasSize(1);
    assertThat(archives(cache, ".part")).isEmpty();
    assertThat(archives(cache, ".ok")).isEmpty();

    Map<String, String> mapped = Map.of("STEWARD_CDS_DIR", cache.toString(),
        "STEWARD_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info");
    StewardCli.Run third = StewardCli.steward(Duration.ofMinutes(2), mapped, "status", "-i", inventory().toString());
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(third.stdout()).contains("dev.steward.coordinator.cli.StewardMain source: shared objects file (top)");

    // a writer killed mid-way: a cut-short record under the name of a process that is gone
    Path other = Files.createTempDirectory(dir, "cds-");
    long gone = ProcessHandle.current().pid();
    while (ProcessHandle.of(++gone).isPresent()) {
      // the next pid nobody holds
    }
    Path cut = other.resolve(adopted.get(0).getFileName() + "." + gone + ".part");
    try (var in = Files.newInputStream(adopted.get(0)); var out = Files.newOutputStream(cut)) {
      out.write(in.readNBytes((int) (Files.size(adopted.get(0)) / 2)));
    }
    Files.writeString(Path.of(cut + ".ok"), ""); // its command had succeeded: the record is tried
    StewardCli.Run afterCut = StewardCli.steward(Duration.ofMinutes(2), Map.of("STEWARD_CDS_DIR", other.toString()),
        "status", "-i", inventory().toString());
    assertThat(afterCut.exitCode()).as(afterCut.toString()).isZero();
    assertThat(cut).as("the cut-short record is removed, not adopted").doesNotExist();
    assertThat(archives(other, ".jsa")).isEmpty();

    // a command that fails early loaded little: its record is never adopted
    Path typoCache = Files.createTempDirectory(dir, "cds-");
    Map<String, String> thirdCache = Map.of("STEWARD_CDS_DIR", typoCache.toString());
    StewardCli.Run typo = StewardCli.steward(Duration.ofMinutes(2), thirdCache, "status", "-i",
        dir.resolve("no-such-inventory.yaml").toString());
    assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(2);
    assertThat(archives(typoCache, ".part.ok")).as("no marker for a failed command").isEmpty();
    StewardCli.Run afterTypo = StewardCli.steward(Duration.ofMinutes(2), thirdCache, "status", "-i",
        inventory().toString());
    assertThat(afterTypo.exitCode()).as(afterTypo.toString()).isZero();
    assertThat(archives(typoCache, ".jsa")).as("the failed command's record, dropped").isEmpty();
  }

  private static List<Path> archives(Path directory, String suffix) throws IOException {
    try (var files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  private static final String RESTORE_TOPIC = "it-restore";
  private static final int RESTORE_RECORDS = 600;
  private static Path backupArchive;

  /**
   * A backup is read from the leader through its agent and proves itself: its manifest carries the
   * cluster id the brokers' meta.properties hold and the topics, read from the replayed data.
   */
  @Test
  @Order(20)
  void zookeeperBackupHoldsTheClusterIdAndTopicsOfTheReplayedData() throws Exception {
    produceKeyed(RESTORE_TOPIC, RESTORE_RECORDS);
    Path backups = dir.resolve("backups");

    StewardCli.Run backup = StewardCli.steward(Duration.ofMinutes(5), "backup", "zookeeper", "-i",
        inventory().toString(), "--to", backups.toString());

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    System.out.println(backup.stdout());
    List<Path> archives;
    try (var listed = Files.list(backups)) {
      archives = listed.filter(p -> p.toString().endsWith(".tar.gz")).toList();
    }
    assertThat(archives).hasSize(1);
    backupArchive = archives.get(0);
    Path unpacked = Files.createTempDirectory(dir, "unpacked");
    var opened = dev.steward.coordinator.backup.BackupArchive.open(backupArchive, unpacked);
    assertThat(opened.manifest().clusterId()).isEqualTo(brokerClusterId("h1")).isEqualTo(brokerClusterId("h3"));
    assertThat(opened.manifest().topics()).contains(RESTORE_TOPIC);
    assertThat(opened.manifest().sourceHost()).isIn("h1", "h2", "h3");
  }

  /** Another cluster's backup, or a damaged archive, is refused before any service stops. */
  @Test
  @Order(21)
  void restoreRefusesAnotherClustersBackupAndADamagedArchiveBeforeAnythingStops() throws Exception {
    List<Long> pidsBefore = servicePids();
    Path other = ZooKeeperRestoreScenario.anotherClustersBackup(Files.createTempDirectory(dir, "other"),
        "AnotherClusterId0000000");

    StewardCli.Run wrongCluster = StewardCli.steward(Duration.ofMinutes(5), "restore", "zookeeper", "-i",
        inventory().toString(), "--from", other.toString(), "--yes");

    assertThat(wrongCluster.exitCode()).as(wrongCluster.toString()).isEqualTo(2);
    assertThat(wrongCluster.stderr()).contains("AnotherClusterId0000000").contains(brokerClusterId("h1"))
        .contains("meta.properties");

    Path damaged = dir.resolve("damaged.tar.gz");
    byte[] bytes = Files.readAllBytes(backupArchive);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(damaged, bytes);
    Files.copy(dev.steward.common.inventory.ChecksumFiles.beside(backupArchive),
        dev.steward.common.inventory.ChecksumFiles.beside(damaged));
    StewardCli.Run corrupt = StewardCli.steward(Duration.ofMinutes(5), "restore", "zookeeper", "-i",
        inventory().toString(), "--from", damaged.toString(), "--yes");
    assertThat(corrupt.exitCode()).as(corrupt.toString()).isEqualTo(2);
    assertThat(corrupt.stderr()).contains("does not match its checksum");

    Path newer = fromNewerZooKeeper(backupArchive);
    StewardCli.Run tooNew = StewardCli.steward(Duration.ofMinutes(5), "restore", "zookeeper", "-i",
        inventory().toString(), "--from", newer.toString(), "--yes");
    assertThat(tooNew.exitCode()).as(tooNew.toString()).isEqualTo(2);
    assertThat(tooNew.stderr()).contains("ZooKeeper 9.9.9").contains("runs ZooKeeper 3.8");

    StewardCli.Run unconfirmed = StewardCli.steward(Duration.ofMinutes(5), "restore", "zookeeper", "-i",
        inventory().toString(), "--from", backupArchive.toString());
    assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isEqualTo(2);
    assertThat(unconfirmed.stderr()).contains("--yes");

    assertThat(servicePids()).as("no service was stopped or restarted").containsExactlyInAnyOrderElementsOf(pidsBefore);
  }

  /**
   * The disaster: every member's ZooKeeper data is gone. The restore brings the ensemble back from
   * the backup and the brokers come back with every topic; every record is read again.
   */
  @Test
  @Order(22)
  void restoreAfterEveryMembersDataIsLostBringsBackEveryTopicAndRecord() throws Exception {
    List<String> topicsBefore = topics();
    ZooKeeperRestoreScenario.loseEveryMembersData(dir, PREFIX);

    StewardCli.Run restore = StewardCli.steward(Duration.ofMinutes(10), "restore", "zookeeper", "-i",
        inventory().toString(), "--from", backupArchive.toString(), "--yes");

    System.out.println(restore);
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.stdout()).contains("restored");
    assertThat(topics()).containsAll(topicsBefore);
    assertThat(consumeAll(RESTORE_TOPIC)).as("distinct keys read back").hasSize(RESTORE_RECORDS);
    List<String> backedUp = dev.steward.coordinator.backup.BackupArchive.open(backupArchive,
        Files.createTempDirectory(dir, "reopened")).manifest().files();
    for (int i = 1; i <= 3; i++) {
      try (var restored = Files.list(dir.resolve("hosts/h" + i + "/var/lib/zookeeper/version-2"))) {
        assertThat(restored.map(p -> p.getFileName().toString()).toList())
            .as("h" + i + " started from the backup's files").containsAll(backedUp);
      }
    }
  }

  /** This cluster's own backup, as if taken from a ZooKeeper newer than the one the hosts run. */
  private static Path fromNewerZooKeeper(Path archive) throws Exception {
    Path unpacked = Files.createTempDirectory(dir, "newer");
    var opened = dev.steward.coordinator.backup.BackupArchive.open(archive, unpacked);
    var m = opened.manifest();
    var manifest = new dev.steward.coordinator.backup.BackupManifest(m.format(), m.cluster(), m.clusterId(),
        m.lastZxid(), m.createdAt(), "9.9.9", m.kafkaVersion(), m.sourceHost(), m.hosts(), m.znodes(), m.topics(),
        m.files());
    Path newer = dir.resolve("zookeeper-from-a-newer-zookeeper.tar.gz");
    dev.steward.coordinator.backup.BackupArchive.write(newer, manifest, unpacked);
    return newer;
  }

  private static String bootstrap() {
    return PREFIX + ".1:9092," + PREFIX + ".2:9092," + PREFIX + ".3:9092";
  }

  private static void produceKeyed(String topic, int records) throws Exception {
    java.util.Properties config = new java.util.Properties();
    config.put("bootstrap.servers", bootstrap());
    try (var admin = org.apache.kafka.clients.admin.Admin.create(config)) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 3, (short) 3))).all()
          .get(1, java.util.concurrent.TimeUnit.MINUTES);
    }
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(config,
        new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.StringSerializer())) {
      for (int i = 0; i < records; i++) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "key-" + i, "value-" + i));
      }
      producer.flush();
    }
  }

  private static List<String> topics() throws Exception {
    java.util.Properties config = new java.util.Properties();
    config.put("bootstrap.servers", bootstrap());
    try (var admin = org.apache.kafka.clients.admin.Admin.create(config)) {
      return new java.util.ArrayList<>(new java.util.TreeSet<>(admin.listTopics().names()
          .get(1, java.util.concurrent.TimeUnit.MINUTES)));
    }
  }

  /** Every distinct key in the topic, read from the beginning until the log end offsets are reached. */
  private static java.util.Set<String> consumeAll(String topic) {
    java.util.Properties config = new java.util.Properties();
    config.put("bootstrap.servers", bootstrap());
    config.put("group.id", "it-restore-" + UUID.randomUUID());
    config.put("auto.offset.reset", "earliest");
    java.util.Set<String> keys = new java.util.HashSet<>();
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(config,
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.StringDeserializer())) {
      var partitions = consumer.partitionsFor(topic, Duration.ofMinutes(1)).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var ends = consumer.endOffsets(partitions, Duration.ofMinutes(1));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
      }
    }
    return keys;
  }

  private static String brokerClusterId(String host) throws IOException {
    Path hostRoot = dir.resolve("hosts").resolve(host);
    try (var found = Files.walk(hostRoot.resolve("var/lib/kafka"))) {
      Path meta = found.filter(p -> p.getFileName().toString().equals("meta.properties")).findFirst().orElseThrow();
      java.util.Properties properties = new java.util.Properties();
      try (var reader = Files.newBufferedReader(meta)) {
        properties.load(reader);
      }
      return properties.getProperty("cluster.id");
    }
  }

  /**
   * `steward lag` against Kafka's own kafka-consumer-groups.sh on the same groups: a stalled group
   * (committed a little, then left) whose lag grows as records arrive, and an active group whose
   * member keeps polling and owns a partition it never committed. Every per-partition number, the
   * state and the member count must agree.
   */
  @Test
  @Order(10)
  void lagMatchesKafkasOwnToolForAStalledAndAnActiveGroup() throws Exception {
    String bootstrap = PREFIX + ".1:9092," + PREFIX + ".2:9092," + PREFIX + ".3:9092";
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String topic = "lag-it-" + suffix;
    String stalled = "lag-it-stalled-" + suffix;
    String active = "lag-it-active-" + suffix;
    LagConsumers consumers = new LagConsumers(bootstrap);
    consumers.createTopic(topic, 3);
    consumers.produce(topic, 3, 10);

    var stalledCommit = consumers.stall(stalled, topic);
    stalledGroup = stalled;
    lagTopic = topic;
    JsonNode stalledBefore = Eventually.within(Duration.ofMinutes(1))
        .every(Duration.ofSeconds(1)).until("the stalled group Empty", () -> lagOf(stalled),
            group -> group.get("state").asText().equals("Empty"));
    consumers.produce(topic, 3, 5);
    JsonNode stalledAfter = lagOf(stalled);
    assertThat(stalledAfter.get("totalLag").asLong()).as("a stalled group's lag grows with every record produced")
        .isEqualTo(stalledBefore.get("totalLag").asLong() + 5L * stalledCommit.size());

    var neverCommitted = new TopicPartition(topic, 2);
    try (LagConsumers.ActiveConsumer member = consumers.startActive(active, topic, neverCommitted)) {
      member.awaitCommit(Duration.ofSeconds(90));

      StewardCli.Run lag = StewardCli.steward(Duration.ofMinutes(2), "lag", "-i", inventory().toString(), "-o", "json");
      ConsumerGroupsTool tool = new ConsumerGroupsTool(dir.resolve("hosts/h2/opt/kafka/bin"), bootstrap);
      var toolOffsets = tool.describeOffsets(List.of(stalled, active));
      var toolStates = tool.describeStates(List.of(stalled, active));
      StewardCli.Run text = StewardCli.steward(Duration.ofMinutes(2), "lag", "-i", inventory().toString(),
          "--group", stalled, "--group", active);
      System.out.println(text + "\n" + toolOffsets.run() + "\n" + toolStates.run());

      assertThat(lag.exitCode()).as(lag.toString()).isZero();
      assertThat(text.exitCode()).as(text.toString()).isZero();
      JsonNode groups = JSON.readTree(lag.stdout()).get("groups");
      String context = lag.stdout() + "\n" + toolOffsets.run() + "\n" + toolStates.run();
      for (String group : List.of(stalled, active)) {
        JsonNode ours = groupNamed(groups, group);
        assertThat(stewardOffsets(ours)).as("per-partition offsets and lag of " + group + "\n" + context)
            .isEqualTo(toolOffsets.values().get(group));
        assertThat(new ConsumerGroupsTool.GroupState(ours.get("state").asText(), ours.get("members").asInt()))
            .as("state and members of " + group + "\n" + context).isEqualTo(toolStates.values().get(group));
      }

      // the scenario the comparison is worth something on
      assertThat(toolStates.values().get(stalled)).isEqualTo(new ConsumerGroupsTool.GroupState("Empty", 0));
      assertThat(toolStates.values().get(active)).isEqualTo(new ConsumerGroupsTool.GroupState("Stable", 1));
      assertThat(toolOffsets.values().get(active).get(topic + "-2"))
          .as("a partition the active member owns but never committed").isEqualTo(new ConsumerGroupsTool.Offsets("-", "15", "-"));
      assertThat(groupNamed(groups, active).get("totalLag").asLong()).isPositive();
      assertThat(groupNamed(groups, stalled).get("totalLag").asLong()).isEqualTo(stalledAfter.get("totalLag").asLong());
      assertThat(text.stdout()).contains("group " + stalled + ": Empty, 0 members, total lag")
          .contains("group " + active + ": Stable, 1 member, total lag");
    }
  }

  @Test
  @Order(11)
  void lagOfAGroupThatDoesNotExistExitsTwoNamingIt() throws Exception {
    StewardCli.Run lag = StewardCli.steward(Duration.ofMinutes(2), "lag", "-i", inventory().toString(),
        "--group", "does-not-exist");

    assertThat(lag.exitCode()).as(lag.toString()).isEqualTo(2);
    assertThat(lag.stderr()).contains("no consumer group 'does-not-exist' exists").contains("consumer groups");
    assertThat(lag.stdout()).isEmpty();
  }

  /** The group's object in `steward lag --group G -o json`. */
  private static JsonNode lagOf(String group) throws Exception {
    StewardCli.Run lag = StewardCli.steward(Duration.ofMinutes(2), "lag", "-i", inventory().toString(), "--group", group,
        "-o", "json");
    assertThat(lag.exitCode()).as(lag.toString()).isZero();
    return groupNamed(JSON.readTree(lag.stdout()).get("groups"), group);
  }

  private static JsonNode groupNamed(JsonNode groups, String name) {
    for (JsonNode group : groups) {
      if (group.get("group").asText().equals(name)) {
        return group;
      }
    }
    throw new AssertionError("no group " + name + " in " + groups);
  }

  /** `steward lag`'s rows in the tool's terms: "topic-partition" to its numbers, "-" for none. */
  private static Map<String, ConsumerGroupsTool.Offsets> stewardOffsets(JsonNode group) {
    Map<String, ConsumerGroupsTool.Offsets> rows = new TreeMap<>();
    for (JsonNode topic : group.get("topics")) {
      for (JsonNode partition : topic.get("partitions")) {
        rows.put(topic.get("topic").asText() + "-" + partition.get("partition").asInt(), new ConsumerGroupsTool.Offsets(
            dashIfNull(partition.get("committedOffset")), dashIfNull(partition.get("logEndOffset")),
            dashIfNull(partition.get("lag"))));
      }
    }
    return rows;
  }

  private static String dashIfNull(JsonNode number) {
    return number.isNull() ? "-" : number.asText();
  }

  @Test
  @Order(30)
  void logsFollowShowsABrokersLineWithinASecondOfItBeingWritten() throws Exception {
    Path brokerOut;
    try (var files = Files.walk(dir.resolve("hosts/h1"))) {
      brokerOut = files.filter(f -> f.getFileName().toString().equals("kafka.out")).findFirst().orElseThrow();
    }
    Path output = Files.createTempFile(dir, "logs-follow", ".txt");
    Process follow = StewardCli.startSteward(output, "logs", "-i", inventory().toString(), "h1", "kafka", "-f");
    try {
      Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(100))
          .until("the last lines first", () -> Files.readString(output).contains("] INFO "));
      String topic = "logs-" + UUID.randomUUID().toString().substring(0, 8);
      NewBytes written = new NewBytes(brokerOut);
      NewBytes shown = new NewBytes(output);
      written.read();
      shown.read();
      // each replica's broker logs "Created log for partition <topic>-0 in <dir> ..." (INFO, kafka.log.LogManager)
      long triggered = System.nanoTime();
      StewardCli.Run create = StewardCli.run(List.of(dir.resolve("hosts/h2/opt/kafka/bin/kafka-topics.sh").toString(),
          "--create", "--topic", topic, "--bootstrap-server", bootstrap(), "--partitions", "1",
          "--replication-factor", "3"), Duration.ofMinutes(1), null);
      assertThat(create.exitCode()).as(create.toString()).isZero();
      long writtenAt = 0;
      long shownAt = 0;
      long shownWall = 0;
      String shownLine = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((writtenAt == 0 || shownAt == 0) && System.nanoTime() < deadline) {
        long now = System.nanoTime();
        if (writtenAt == 0 && written.read().contains(topic + "-0")) {
          writtenAt = now;
        }
        if (shownAt == 0) {
          String text = shown.read();
          if (text.contains(topic + "-0")) {
            shownAt = now;
            shownWall = System.currentTimeMillis();
            shownLine = text.lines().filter(l -> l.contains(topic + "-0")).findFirst().orElseThrow();
          }
        }
        Thread.sleep(5);
      }
      assertThat(writtenAt).as("h1's broker wrote a line naming " + topic + " to " + brokerOut).isNotZero();
      assertThat(shownAt).as("`steward logs -f` showed it: " + Files.readString(output)).isNotZero();
      Duration delay = Duration.ofNanos(Math.max(0, shownAt - writtenAt));
      System.out.println("steward logs -f: a broker line written to " + brokerOut.getFileName() + " was shown after "
          + delay.toMillis() + " ms (" + Duration.ofNanos(shownAt - triggered).toMillis()
          + " ms after kafka-topics.sh --create started; " + (shownWall - java.time.LocalDateTime.parse(
          shownLine.substring(1, 24).replace(' ', 'T').replace(',', '.')).atZone(java.time.ZoneId.systemDefault())
          .toInstant().toEpochMilli()) + " ms after its log4j timestamp): " + shownLine);
      assertThat(delay).isLessThan(Duration.ofSeconds(1));
      assertThat(follow.isAlive()).as("still following").isTrue();
    } finally {
      follow.destroy();
      if (!follow.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        follow.destroyForcibly();
      }
    }
  }

  /** The bytes appended to a file since the last read. */
  private static final class NewBytes {
    private final Path file;
    private long position;

    NewBytes(Path file) {
      this.file = file;
    }

    String read() throws IOException {
      try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
        long size = channel.size();
        if (size <= position) {
          return "";
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size - position, 8 << 20));
        channel.read(buffer, position);
        position += buffer.position();
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  @Order(31)
  void logsOfAllHostsAreMergedByTimeAndPrefixedByHost() throws Exception {
    StewardCli.Run logs = StewardCli.steward(Duration.ofMinutes(2), "logs", "-i", inventory().toString(), "--all-hosts",
        "kafka", "--since", "10m");
    assertThat(logs.exitCode()).as(logs.toString()).isZero();
    List<String> lines = logs.stdout().lines().toList();
    for (String host : List.of("h1", "h2", "h3")) {
      assertThat(lines).as(host).anyMatch(l -> l.startsWith(host + " | ") && l.contains("Created log for partition logs-"));
    }
    assertThat(lines).allMatch(l -> l.matches("h[123] \\| .*"));
    java.util.regex.Pattern stamp = java.util.regex.Pattern.compile("^h[123] \\| \\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3})\\]");
    // a host's own lines keep their order (two threads' log4j stamps can be 1 ms out of order in
    // one file), so a line's time is the latest stamp of its host so far
    Map<String, String> latestOfHost = new TreeMap<>();
    String previous = "";
    for (String line : lines) {
      java.util.regex.Matcher m = stamp.matcher(line);
      if (m.find()) {
        String host = line.substring(0, 2);
        String time = latestOfHost.merge(host, m.group(1), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        assertThat(time).as("in time order: " + line).isGreaterThanOrEqualTo(previous);
        previous = time;
      }
    }
    System.out.println("steward logs --all-hosts kafka --since 10m: " + lines.size() + " lines, e.g.\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 6), lines.size())));
  }

  @Test
  @Order(32)
  void logsOfAnUnknownHostOrServiceExitTwoNamingWhatExists() throws Exception {
    StewardCli.Run host = StewardCli.steward(Duration.ofMinutes(1), "logs", "-i", inventory().toString(), "h9", "kafka");
    assertThat(host.exitCode()).as(host.toString()).isEqualTo(2);
    assertThat(host.stderr()).contains("no host named h9").contains("h1, h2, h3");
    StewardCli.Run service = StewardCli.steward(Duration.ofMinutes(1), "logs", "-i", inventory().toString(), "h1",
        "postgres");
    assertThat(service.exitCode()).as(service.toString()).isEqualTo(2);
    assertThat(service.stderr()).contains("no service named postgres").contains("zookeeper, kafka, kafka-connect");
    StewardCli.Run notThere = StewardCli.steward(Duration.ofMinutes(1), "logs", "-i", inventory().toString(), "h2",
        "kafka-connect");
    assertThat(notThere.exitCode()).as(notThere.toString()).isEqualTo(2);
    assertThat(notThere.stderr()).contains("h2 does not run kafka-connect").contains("kafka-connect runs on: h1");
    StewardCli.Run tail = StewardCli.steward(Duration.ofMinutes(1), "logs", "-i", inventory().toString(), "h1",
        "zookeeper", "--lines", "3");
    assertThat(tail.exitCode()).as(tail.toString()).isZero();
    assertThat(tail.stdout().lines()).hasSize(3);
  }

  // ----- steward console (orders 40-49): headless Chromium against the sandbox -----

  /** Page-usable times (navigation start to the first snapshot rendered), printed for docs/benchmarks.md. */
  private static final Map<String, Long> USABLE_MS = new java.util.LinkedHashMap<>();

  private static JsonNode statusJson() throws Exception {
    StewardCli.Run status = StewardCli.steward(Duration.ofMinutes(2), "status", "-i", inventory().toString(), "-o", "json");
    return JSON.readTree(status.stdout());
  }

  private static java.util.Properties adminConfig() {
    java.util.Properties config = new java.util.Properties();
    config.put("bootstrap.servers", bootstrap());
    return config;
  }

  /**
   * Every page renders the figures the CLI and Kafka's Admin API give: the overview's ZooKeeper
   * leader, controller, brokers and partition counts (`status -o json`), each broker's partitions and
   * leaderships and each topic's partitions and replication (Admin describeTopics), the stalled
   * group's lag (`lag -o json`) with its chart, the Connect worker, the rollouts page. A screenshot
   * of each page is saved; the time until each page is usable is printed.
   */
  @Test
  @Order(40)
  void consolePagesShowTheFiguresOfStatusLagAndKafkaAdmin() throws Exception {
    ConsoleBrowser.requireInstalled();
    try (ConsoleProcess console = ConsoleProcess.start(dir, inventory());
         ConsoleBrowser browser = ConsoleBrowser.start()) {
      // overview
      USABLE_MS.put("overview", browser.open(console.base + "/"));
      JsonNode status = statusJson();
      // the page is live: each figure is waited for (30 s), as the next snapshot may be the one that agrees
      browser.awaitText("#card-leader .value", status.at("/cluster/zookeeper/leader").asText());
      browser.awaitText("#card-controller .value", "broker " + status.at("/cluster/kafka/controller").asInt());
      browser.awaitText("#card-brokers .value", "3 of 3");
      browser.awaitText("#card-urp .value", status.at("/cluster/kafka/underReplicatedPartitions").asText());
      browser.awaitText("#card-offline .value", status.at("/cluster/kafka/offlinePartitions").asText());
      browser.awaitText("#card-health .value", "healthy");
      for (JsonNode host : status.get("hosts")) {
        String name = host.get("name").asText();
        browser.awaitText("tr[data-host='" + name + "'] td.broker", "up (id " + host.at("/kafka/brokerId").asInt() + ")");
        assertThat(browser.attribute("tr[data-host='" + name + "'] td.broker", "data-broker-state")).isEqualTo("up");
        browser.awaitText("tr[data-host='" + name + "'] td:nth-child(4)", host.at("/zookeeper/mode").asText());
      }
      browser.screenshot("overview");

      // brokers: replicas and leaderships per broker, as Kafka's Admin API describes the topics
      USABLE_MS.put("brokers", browser.open(console.base + "/brokers"));
      Map<Integer, long[]> expected = new TreeMap<>();
      Map<String, org.apache.kafka.clients.admin.TopicDescription> described;
      try (var admin = org.apache.kafka.clients.admin.Admin.create(adminConfig())) {
        var names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names()
            .get(1, java.util.concurrent.TimeUnit.MINUTES);
        described = admin.describeTopics(names).allTopicNames().get(1, java.util.concurrent.TimeUnit.MINUTES);
      }
      for (var topic : described.values()) {
        for (var partition : topic.partitions()) {
          partition.replicas().forEach(r -> expected.computeIfAbsent(r.id(), id -> new long[2])[0]++);
          expected.computeIfAbsent(partition.leader().id(), id -> new long[2])[1]++;
        }
      }
      for (Map.Entry<Integer, long[]> broker : expected.entrySet()) {
        String row = "tr[data-broker='" + broker.getKey() + "'] ";
        browser.awaitText(row + "td[data-field='partitions']", Long.toString(broker.getValue()[0]));
        browser.awaitText(row + "td[data-field='leaders']", Long.toString(broker.getValue()[1]));
        assertThat(browser.text(row)).as("data dirs from the agents, log dirs from Kafka").contains("/var/lib/kafka");
      }
      browser.screenshot("brokers");

      // topics
      USABLE_MS.put("topics", browser.open(console.base + "/topics"));
      var lagTopicDescription = described.get(lagTopic);
      String topicRow = "tr[data-topic='" + lagTopic + "'] ";
      browser.awaitText(topicRow + "td[data-field='partitions']", Integer.toString(lagTopicDescription.partitions().size()));
      browser.awaitText(topicRow + "td[data-field='replication']",
          Integer.toString(lagTopicDescription.partitions().get(0).replicas().size()));
      browser.awaitText(topicRow + "td[data-field='urp']", "0");
      assertThat(browser.driver().findElements(org.openqa.selenium.By.cssSelector("tr[data-topic]")))
          .hasSize(described.size());
      browser.screenshot("topics");

      // consumer groups: the stalled group lags, as `steward lag` says, with its chart
      USABLE_MS.put("groups", browser.open(console.base + "/groups"));
      JsonNode stalled = lagOf(stalledGroup);
      assertThat(stalled.get("totalLag").asLong()).as("the lagging group").isPositive();
      String section = "section[data-group='" + stalledGroup + "'] ";
      browser.awaitText(section + "[data-field='total-lag']", stalled.get("totalLag").asText());
      for (JsonNode topic : stalled.get("topics")) {
        for (JsonNode partition : topic.get("partitions")) {
          browser.awaitText(section + "tr[data-partition='" + topic.get("topic").asText() + "-"
              + partition.get("partition").asInt() + "'] td[data-field='lag']", dashIfNull(partition.get("lag")));
        }
      }
      assertThat(browser.attribute(section + "svg.chart polyline", "points")).isNotBlank();
      browser.screenshot("groups");

      // Connect
      USABLE_MS.put("connect", browser.open(console.base + "/connect"));
      assertThat(browser.text("tr[data-worker='h1']")).contains("up").contains(PREFIX + ".1:8083");
      browser.screenshot("connect");

      // rollouts
      USABLE_MS.put("rollouts", browser.open(console.base + "/rollouts"));
      assertThat(browser.find("#history")).isNotNull();
      browser.screenshot("rollouts");
    }
    System.out.println("console page-usable times (ms, navigation start to first snapshot rendered): " + USABLE_MS);
  }

  /** A broker stopped through its agent shows DOWN on the open overview within seconds, without a reload. */
  @Test
  @Order(41)
  void consoleOverviewShowsAStoppedBrokerDownWithoutReload() throws Exception {
    ConsoleBrowser.requireInstalled();
    try (ConsoleProcess console = ConsoleProcess.start(dir, inventory());
         ConsoleBrowser browser = ConsoleBrowser.start()) {
      browser.open(console.base + "/");
      browser.script("window.stewardNoReload = 'still here';");
      long stopped = System.nanoTime();
      controlKafka("h3", dev.steward.agent.v1.ServiceAction.SERVICE_ACTION_STOP);
      try {
        // "a few seconds": one snapshot interval (2 s) plus one collection; 30 s allows for a loaded machine
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(30))
            .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
            "down".equals(browser.attribute("tr[data-host='h3'] td.broker", "data-broker-state")));
        double seconds = (System.nanoTime() - stopped) / 1e9;
        System.out.printf("console: broker 3 shown down %.1f s after its stop returned%n", seconds);
        assertThat(browser.script("return window.stewardNoReload;")).as("the page was not reloaded").isEqualTo("still here");
        assertThat(browser.text("tr[data-host='h3'] td.broker")).contains("DOWN");
        browser.awaitText("#card-health .value", "UNHEALTHY");
        browser.screenshot("overview-broker-down");
      } finally {
        controlKafka("h3", dev.steward.agent.v1.ServiceAction.SERVICE_ACTION_START);
      }
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofMinutes(3))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
          "up".equals(browser.attribute("tr[data-host='h3'] td.broker", "data-broker-state")));
      Eventually.within(Duration.ofMinutes(3)).every(Duration.ofSeconds(2)).until("the cluster healthy again",
          () -> StewardCli.steward(Duration.ofMinutes(2), "status", "-i", inventory().toString()).exitCode() == 0);
      assertThat(browser.script("return window.stewardNoReload;")).isEqualTo("still here");
    }
  }

  /**
   * A console that requires its token answers 401 without it (or with a wrong one) and discloses
   * nothing; the token works as a bearer and as a first-visit query that sets the cookie; traversal
   * in its URLs is refused; an action without --allow-actions is 403.
   */
  @Test
  @Order(42)
  void consoleRefusesMissingTokenTraversalAndActionsWhenReadOnly() throws Exception {
    ConsoleBrowser.requireInstalled();
    try (ConsoleProcess console = ConsoleProcess.start(dir, inventory(), "--require-token")) {
      String token = console.token.orElseThrow();
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      for (String path : List.of("/", "/api/snapshot", "/topics", "/static/console.js")) {
        for (String authorization : List.of("", "Bearer wrong-" + token)) {
          var request = java.net.http.HttpRequest.newBuilder(console.base.resolve(path));
          if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
          }
          var response = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).as(path + " " + authorization).isEqualTo(401);
          assertThat(response.body()).isEqualTo("unauthorized\n");
        }
      }
      for (String raw : List.of("/static/../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
          "/static/..%2f..%2fetc%2fpasswd", "/%2e%2e/inventory.yaml")) {
        assertThat(rawStatus(console.base.getPort(), raw, token)).as(raw).isIn(400, 404);
      }
      var action = client.send(java.net.http.HttpRequest.newBuilder(console.base.resolve("/api/actions/rolling-restart"))
          .header("Authorization", "Bearer " + token).header("Origin", console.base.toString())
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("confirm=yes&service=kafka")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(action.statusCode()).as(action.body()).isEqualTo(403);
      assertThat(action.body()).contains("--allow-actions");

      try (ConsoleBrowser browser = ConsoleBrowser.start()) {
        browser.open(console.base + "/brokers?token=" + token);
        assertThat(browser.driver().getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token");
        assertThat(browser.text("tr[data-broker='1']")).contains("h1");
        browser.screenshot("brokers-with-token");
      }
    }
  }

  /**
   * With --allow-actions, a rolling restart of the Connect worker started from the rollouts page
   * (after its confirmation) runs through `steward rollout restart`'s code, shows its progress live,
   * and is audited: the console's audit log with the operator, the agent's trail with the restart.
   */
  @Test
  @Order(43)
  void consoleActionWithAllowActionsRollsTheWorkerAndIsAudited() throws Exception {
    ConsoleBrowser.requireInstalled();
    try (ConsoleProcess console = ConsoleProcess.start(dir, inventory(), "--allow-actions");
         ConsoleBrowser browser = ConsoleBrowser.start()) {
      browser.open(console.base + "/rollouts");
      new org.openqa.selenium.support.ui.Select(browser.find("#rr-service")).selectByValue("kafka-connect");
      browser.find("#rr-hosts").sendKeys("h1");
      browser.driver().findElements(org.openqa.selenium.By.cssSelector("button")).stream()
          .filter(b -> b.getText().equals("rolling restart")).findFirst().orElseThrow().click();
      browser.driver().switchTo().alert().accept();
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(30))
            .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
          browser.text("#action-result").startsWith("200"));
      String started = browser.text("#action-result");
      String rolloutId = started.replaceAll(".*rollout (\\S+) started.*", "$1");
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofMinutes(4))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
          browser.text("#rollout-last").contains(rolloutId)
              && "done".equals(browser.attribute("#rollout-last", "data-status")));
      browser.screenshot("rollouts-after-restart");

      String cluster = statusJson().at("/cluster/name").asText();
      Path audit = Path.of(StewardCli.ENVIRONMENT.get("STEWARD_STATE_DIR"), "audit", cluster + "-console.jsonl");
      String auditLines = Files.readString(audit);
      assertThat(auditLines).contains("\"operator\":\"" + System.getProperty("user.name") + "\"")
          .contains("\"action\":\"rolling restart\"").contains("kafka-connect on h1").contains(rolloutId);

      JsonNode rollout = JSON.readTree(StewardCli.steward(Duration.ofMinutes(1), "rollout", "status", "-i",
          inventory().toString(), "-o", "json").stdout());
      assertThat(rollout.get("id").asText()).isEqualTo(rolloutId);
      String operation = rollout.at("/steps/0/operationId").asText();
      StewardCli.Run trail = StewardCli.steward(Duration.ofMinutes(1), "audit", "-i", inventory().toString(), "h1",
          "-o", "json");
      assertThat(trail.stdout()).as("the agent's audit trail has the restart").contains(operation)
          .contains("service:kafka-connect");
    }
  }

  /** The status line of a GET whose path is sent exactly as written. */
  private static int rawStatus(int port, String rawPath, String token) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1)).readLine();
      return Integer.parseInt(line.split(" ")[1]);
    }
  }

  /** Stops or starts a host's broker through its agent, as an operator's systemctl would. */
  private static void controlKafka(String host, dev.steward.agent.v1.ServiceAction action) throws Exception {
    int id = Integer.parseInt(host.substring(1));
    dev.steward.common.inventory.HostSpec spec = new dev.steward.common.inventory.HostSpec(host, PREFIX + "." + id,
        java.util.OptionalInt.of(id), java.util.OptionalInt.of(id), 7443);
    try (dev.steward.coordinator.agent.AgentClient agent = new dev.steward.coordinator.agent.AgentClient(host,
        new dev.steward.coordinator.agent.PlaintextLoopbackConnector().connect(spec))) {
      agent.control(dev.steward.agent.v1.ControlServiceRequest.newBuilder()
          .setOperationId(UUID.randomUUID().toString())
          .setService(dev.steward.agent.v1.ServiceName.SERVICE_NAME_KAFKA).setAction(action)
          .setReason(dev.steward.agent.v1.RestartReasonKind.RESTART_REASON_KIND_MANUAL).build(), Duration.ofMinutes(3));
    }
  }

  /**
   * `steward logs HOST agent`: the agent's own output, from the file the sandbox sends it to
   * (run/HOST-agent.log, the agent's --log-file), named by the agent, never by the caller.
   */
  @Test
  @Order(33)
  void logsOfTheAgentItselfAreTheFileTheSandboxSendsItsOutputTo() throws Exception {
    Path file = dir.resolve("run").resolve("h2-agent.log");
    assertThat(file).exists();
    StewardCli.Run logs = StewardCli.steward(Duration.ofMinutes(1), "logs", "-i", inventory().toString(), "h2",
        "agent", "--since", "1d");
    assertThat(logs.exitCode()).as(logs.toString()).isZero();
    List<String> lines = logs.stdout().lines().toList();
    assertThat(lines).as("the agent's start line").anyMatch(l -> l.matches(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.* INFO AgentMain - steward-agent .* serving PLAINTEXT.*"));
    assertThat(lines).as("its applies").anyMatch(l -> l.contains("ApplyOperations - operation"));
    List<String> inFile = Files.readAllLines(file);
    assertThat(inFile).as("every line shown is the agent's file's, in its order").containsSubsequence(lines);
    StewardCli.Run tail = StewardCli.steward(Duration.ofMinutes(1), "logs", "-i", inventory().toString(), "h3",
        "agent", "--lines", "5");
    assertThat(tail.exitCode()).as(tail.toString()).isZero();
    List<String> shown = tail.stdout().lines().toList();
    assertThat(shown).hasSize(5);
    assertThat(java.util.Collections.indexOfSubList(Files.readAllLines(dir.resolve("run").resolve("h3-agent.log")),
        shown)).as("h3's own lines, together as in its file: " + shown).isNotNegative();
    StewardCli.Run all = StewardCli.steward(Duration.ofMinutes(1), "logs", "-i", inventory().toString(),
        "--all-hosts", "agent", "--lines", "3");
    assertThat(all.exitCode()).as(all.toString()).isZero();
    for (String host : List.of("h1", "h2", "h3")) {
      assertThat(all.stdout().lines()).as(host).anyMatch(l -> l.startsWith(host + " | "));
    }
    System.out.println("steward logs h2 agent --since 1d: " + lines.size() + " lines, e.g.\n"
        + String.join("\n", lines.subList(0, Math.min(3, lines.size()))));
  }

  /** A connection whose server side closes first, leaving TIME_WAIT on the server's port. */
  private static void lingerOn(String address, int port) throws IOException {
    try (java.net.ServerSocket server = new java.net.ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(new java.net.InetSocketAddress(address, port));
      try (java.net.Socket client = new java.net.Socket(address, port); java.net.Socket accepted = server.accept()) {
        accepted.close();
        client.getInputStream().read();
      }
    }
  }

  /** Local "address:port" of sockets in TIME_WAIT (state 06) on the sandbox's addresses and these ports. */
  private static List<String> timeWaitPorts(List<Integer> ports) throws IOException {
    List<String> found = new java.util.ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 4 || !fields[3].equals("06") || !fields[1].contains(":")) {
          continue;
        }
        int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
        String hexAddress = fields[1].substring(0, fields[1].indexOf(':'));
        String address = hexAddress.length() == 8 ? ipv4(hexAddress) : ipv4(hexAddress.substring(24));
        if (ports.contains(port) && address.startsWith(PREFIX + ".")) {
          found.add(address + ":" + port);
        }
      }
    }
    return found;
  }

  /** /proc/net/tcp prints an IPv4 address as one little-endian hex word. */
  private static String ipv4(String hex) {
    long value = Long.parseLong(hex, 16);
    return (value & 0xff) + "." + ((value >> 8) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 24) & 0xff);
  }
}
