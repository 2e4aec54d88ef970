package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.ensemble.EnsembleAdmin;
import dev.steward.coordinator.ensemble.EnsembleConfig;
import dev.steward.coordinator.loadcheck.LoadCheckResult;
import dev.steward.coordinator.loadcheck.LoadChecker;
import dev.steward.coordinator.sandbox.SandboxInventory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Brokers in and out on a real sandbox, under a continuous producer and consumer
 * (docs/scaling.md): 3 brokers to 5 and `rebalance` (an even spread, checked through the Admin
 * API), then `hosts drain` of the two new brokers, `apply` refusing to drop a broker that still
 * holds replicas and accepting it once drained; nothing lost or duplicated. Then the bad input:
 * a drain that would leave fewer brokers than a topic's replication factor is refused, nothing
 * changed. Then ZooKeeper's members: a grow without dynamic membership and a new host taking a
 * running member's id are refused, the ensemble as it was; then 3 -> 5 -> 7 -> 3 members under load,
 * after a new member whose data dir holds another member's myid is refused, nothing changed.
 * One sandbox for the class, on 127.0.11.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScalingIT {

  private static final String SIX = "scale-six";
  private static final String TWO = "scale-two";

  private static SandboxFixture sandbox;
  private static Admin admin;

  @BeforeAll
  static void up() throws Exception {
    sandbox = new SandboxFixture("127.0.11");
    sandbox.up("--no-smoke-test");
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.bootstrap());
    admin = Admin.create(props);
    admin.createTopics(List.of(new NewTopic(SIX, 6, (short) 3), new NewTopic(TWO, 4, (short) 2))).all()
        .get(60, TimeUnit.SECONDS);
    fill(SIX, 3000);
    fill(TWO, 2000);
  }

  @AfterAll
  static void down() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** Some data, so a move copies bytes: 1 KiB records. */
  private static void fill(String topic, int records) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.bootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      byte[] value = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, value));
      }
      producer.flush();
    }
  }

  private static StewardCli.Run steward(String... args) throws Exception {
    StewardCli.Run run = StewardCli.steward(Duration.ofMinutes(10), args);
    System.out.println(run);
    return run;
  }

  private static String inventory() {
    return sandbox.inventory().toString();
  }

  /** Every partition's replicas, internal topics included. */
  private static Map<String, List<Integer>> placement() throws Exception {
    Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
    Map<String, List<Integer>> placement = new TreeMap<>();
    described.forEach((topic, d) -> {
      for (TopicPartitionInfo p : d.partitions()) {
        placement.put(topic + "-" + p.partition(), p.replicas().stream().map(n -> n.id()).toList());
      }
    });
    return placement;
  }

  /** Replica and preferred-leader counts per broker, overall and for each test topic. */
  private static Map<String, Map<Integer, Integer>> spread(Map<String, List<Integer>> placement, Set<Integer> brokers) {
    Map<String, Map<Integer, Integer>> spread = new TreeMap<>();
    for (String scope : List.of("replicas", "leaders", SIX, TWO)) {
      Map<Integer, Integer> counts = new TreeMap<>();
      brokers.forEach(b -> counts.put(b, 0));
      spread.put(scope, counts);
    }
    placement.forEach((partition, replicas) -> {
      replicas.forEach(b -> spread.get("replicas").merge(b, 1, Integer::sum));
      spread.get("leaders").merge(replicas.get(0), 1, Integer::sum);
      for (String topic : List.of(SIX, TWO)) {
        if (partition.startsWith(topic + "-")) {
          replicas.forEach(b -> spread.get(topic).merge(b, 1, Integer::sum));
        }
      }
    });
    return spread;
  }

  private static void assertEven(Map<String, Map<Integer, Integer>> spread) {
    spread.forEach((scope, counts) -> {
      int max = counts.values().stream().mapToInt(i -> i).max().orElse(0);
      int min = counts.values().stream().mapToInt(i -> i).min().orElse(0);
      assertThat(max - min).as(scope + " per broker " + counts + " even (max - min <= 1)").isLessThanOrEqualTo(1);
    });
  }

  private static Set<Integer> brokersHolding(Map<String, List<Integer>> placement) {
    Set<Integer> brokers = new TreeSet<>();
    placement.values().forEach(brokers::addAll);
    return brokers;
  }

  private static void addHost(int n) throws Exception {
    Files.writeString(sandbox.inventory(), Files.readString(sandbox.inventory())
        + SandboxInventory.hostLine("h" + n, sandbox.prefix + "." + n, n));
  }

  private static void removeHost(int n) throws Exception {
    String line = SandboxInventory.hostLine("h" + n, sandbox.prefix + "." + n, n);
    String text = Files.readString(sandbox.inventory());
    assertThat(text).contains(line);
    Files.writeString(sandbox.inventory(), text.replace(line, ""));
  }

  /** A removed host leaves: its agent first (or its supervisor would restart the broker), then its broker (SIGTERM). */
  private static void stopRemovedHost(String host) throws Exception {
    Path pidFile = sandbox.dir.resolve("run").resolve(host + "-agent.pid");
    long agentPid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle.of(agentPid).ifPresent(p -> {
      p.destroy();
      p.onExit().join();
    });
    String root = sandbox.dir.resolve("hosts").resolve(host) + "/";
    List<ProcessHandle> services = new ArrayList<>(ProcessHandle.allProcesses()
        .filter(p -> SandboxFixture.commandLine(p).contains(root)).toList());
    for (ProcessHandle service : services) {
      service.destroy();
      service.onExit().get(2, TimeUnit.MINUTES);
    }
  }

  @Test
  @Order(1)
  void growToFiveRebalanceThenDrainAndRemoveTwoUnderLoadLosesNothing() throws Exception {
    LoadCheckResult result;
    try (LoadChecker load = new LoadChecker(sandbox.bootstrap(),
        "it-scale-" + UUID.randomUUID().toString().substring(0, 6), 200).start(3)) {
      Thread.sleep(3000);

      // 3 -> 5 brokers: the sandbox starts an agent for every host its inventory lists
      addHost(4);
      addHost(5);
      sandbox.up("--no-smoke-test");
      Set<Integer> five = Set.of(1, 2, 3, 4, 5);
      Map<String, List<Integer>> before = placement();
      assertThat(brokersHolding(before)).as("new brokers hold nothing yet").isEqualTo(Set.of(1, 2, 3));

      StewardCli.Run dryRun = steward("rebalance", "-i", inventory(), "--dry-run");
      assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
      assertThat(dryRun.stdout()).contains("dry run: nothing was changed").contains(SIX + "-");
      assertThat(placement()).as("a dry run changes nothing").isEqualTo(before);

      StewardCli.Run rebalance = steward("rebalance", "-i", inventory());
      assertThat(rebalance.exitCode()).as(rebalance.toString()).isZero();
      assertThat(rebalance.stderr()).contains("partitions done").contains("replication throttle removed");
      Map<String, Map<Integer, Integer>> spread = spread(placement(), new TreeSet<>(five));
      System.out.println("spread after rebalance onto 5 brokers: " + spread);
      assertEven(spread);
      assertNoThrottleLeft(five);

      // a second run has nothing to do
      StewardCli.Run again = steward("rebalance", "-i", inventory());
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.stdout()).contains("nothing to move");

      // drain h5 while it is still in the inventory
      StewardCli.Run drain5 = steward("hosts", "drain", "-i", inventory(), "h5");
      assertThat(drain5.exitCode()).as(drain5.toString()).isZero();
      assertThat(brokersHolding(placement())).doesNotContain(5);

      // out of the inventory with h4 still holding replicas: refused, naming the drain, nothing changed
      removeHost(5);
      removeHost(4);
      Map<String, List<Integer>> held = placement();
      StewardCli.Run refused = steward("apply", "-i", inventory(), "--no-smoke-test");
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
      assertThat(refused.stderr() + refused.stdout()).contains("broker 4 is not in the inventory but still holds")
          .contains("steward hosts drain -i " + inventory() + " --broker-id 4");
      assertThat(placement()).isEqualTo(held);

      // the command it names, then apply accepts
      StewardCli.Run drain4 = steward("hosts", "drain", "-i", inventory(), "--broker-id", "4");
      assertThat(drain4.exitCode()).as(drain4.toString()).isZero();
      assertThat(brokersHolding(placement())).isEqualTo(Set.of(1, 2, 3));
      StewardCli.Run apply = steward("apply", "-i", inventory(), "--no-smoke-test");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      stopRemovedHost("h5");
      stopRemovedHost("h4");

      StewardCli.Run last = steward("rebalance", "-i", inventory());
      assertThat(last.exitCode()).as(last.toString()).isZero();
      Map<String, Map<Integer, Integer>> end = spread(placement(), new TreeSet<>(Set.of(1, 2, 3)));
      System.out.println("spread at the end, on 3 brokers: " + end);
      assertEven(end);

      Thread.sleep(3000);
      result = load.stop(Duration.ofSeconds(120));
    }
    System.out.println("brokers 3 -> 5 -> 3 under load: " + result.describe());
    assertThat(result.lost()).isZero();
    assertThat(result.duplicated()).isZero();
    assertThat(result.outOfOrder()).isZero();
    assertThat(result.acknowledged()).isGreaterThan(1000);
  }

  private static void assertNoThrottleLeft(Set<Integer> brokers) throws Exception {
    for (Integer broker : brokers) {
      var config = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.BROKER, String.valueOf(broker)))).all()
          .get(30, TimeUnit.SECONDS).values().iterator().next();
      var rate = config.get("leader.replication.throttled.rate");
      assertThat(rate == null || rate.source() != org.apache.kafka.clients.admin.ConfigEntry.ConfigSource
          .DYNAMIC_BROKER_CONFIG).as("no throttle left on broker " + broker).isTrue();
    }
    var topic = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, SIX))).all().get(30, TimeUnit.SECONDS)
        .values().iterator().next().get("leader.replication.throttled.replicas");
    assertThat(topic == null || topic.value().isEmpty()).as("no throttled replicas left on " + SIX).isTrue();
  }

  @Test
  @Order(2)
  void drainLeavingFewerBrokersThanAReplicationFactorIsRefusedAndChangesNothing() throws Exception {
    Map<String, List<Integer>> before = placement();
    StewardCli.Run drain = steward("hosts", "drain", "-i", inventory(), "h3");
    assertThat(drain.exitCode()).as(drain.toString()).isEqualTo(2);
    assertThat(drain.stderr() + drain.stdout()).contains("fewer than the replication factor").contains(SIX + " (RF 3)")
        .contains("nothing was changed");
    assertThat(placement()).isEqualTo(before);

    StewardCli.Run unknown = steward("hosts", "drain", "-i", inventory(), "h9");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("h9 is not in the inventory");
  }

  @Test
  @Order(3)
  void zooKeeperMemberChangesArePlannedOrRefusedBeforeAnythingIsTouched() throws Exception {
    String connect = sandbox.prefix + ".1:2181," + sandbox.prefix + ".2:2181," + sandbox.prefix + ".3:2181";
    EnsembleConfig before = EnsembleAdmin.readConfig(connect, Duration.ofSeconds(30));
    assertThat(before.ids()).containsExactly(1, 2, 3);
    String original = Files.readString(sandbox.inventory());
    try {
      // h4 and h5 as ZooKeeper members: no agent runs for them, and none is needed to refuse
      Files.writeString(sandbox.inventory(), original
          + "  - {name: h4, address: " + sandbox.prefix + ".4, zookeeperId: 4, brokerId: 4}\n"
          + "  - {name: h5, address: " + sandbox.prefix + ".5, zookeeperId: 5, brokerId: 5}\n");
      StewardCli.Run plan = steward("plan", "-i", inventory());
      assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
      assertThat(plan.stderr()).contains("zookeeper.dynamicMembership: ").contains("from [1, 2, 3] to [1, 2, 3, 4, 5]")
          .contains("nothing was changed");
      StewardCli.Run apply = steward("apply", "-i", inventory(), "--no-smoke-test");
      assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(2);

      // a new host with a running member's id
      String h2 = SandboxInventory.hostLine("h2", sandbox.prefix + ".2", 2);
      Files.writeString(sandbox.inventory(), original.replace(h2, h2.replace(", zookeeperId: 2", ""))
          + "  - {name: h9, address: " + sandbox.prefix + ".9, zookeeperId: 2, brokerId: 9}\n");
      StewardCli.Run taken = steward("apply", "-i", inventory(), "--no-smoke-test");
      assertThat(taken.exitCode()).as(taken.toString()).isEqualTo(2);
      assertThat(taken.stderr()).contains("hosts[h9].zookeeperId: 2 is taken");
    } finally {
      Files.writeString(sandbox.inventory(), original);
    }
    EnsembleConfig after = EnsembleAdmin.readConfig(connect, Duration.ofSeconds(30));
    assertThat(after).isEqualTo(before);
    StewardCli.Run plan = steward("plan", "-i", inventory());
    assertThat(plan.exitCode()).as("the restored inventory plans as before: " + plan).isIn(0, 3);
  }

  /**
   * The ensemble 3 -> 5 -> 7 -> 3 on the sandbox under the load checker, with a sweep of every
   * member's srvr recording leaders: dynamic membership turned on by one rolling restart, new
   * members added by `sandbox up` (two per apply, one at a time), members removed by `apply`, one
   * per apply (the even counts accepted explicitly), the brokers rolled onto the new
   * zookeeper.connect each time. The new members are ZooKeeper-only hosts z4..z7 (on .4-.7, which
   * the brokers of the first test left).
   */
  @Test
  @Order(4)
  void zooKeeperGrowsThreeToFiveToSevenAndBackToThreeUnderLoadWithOneLeaderAtATime() throws Exception {
    String connect = sandbox.prefix + ".1:2181," + sandbox.prefix + ".2:2181," + sandbox.prefix + ".3:2181";
    List<String> addresses = new ArrayList<>();
    for (int n = 1; n <= 7; n++) {
      addresses.add(sandbox.prefix + "." + n);
    }
    // RF 2 with min.insync.replicas 2 is unavailable while a broker restarts, so the brokers' roll onto
    // the new zookeeper.connect would rightly halt on it (the first test needed it; this one does not)
    admin.deleteTopics(List.of(TWO)).all().get(60, TimeUnit.SECONDS);
    LoadCheckResult result;
    List<String> twoLeaders;
    List<String> leaderChanges;
    int sweeps;
    try (LoadChecker load = new LoadChecker(sandbox.bootstrap(),
        "it-zk-" + UUID.randomUUID().toString().substring(0, 6), 200).start(3);
        LeaderSweeps leaders = LeaderSweeps.start(addresses, 2181)) {
      Thread.sleep(3000);

      // 3 -> 5 with dynamic membership turned on in the same change: its first part rolls the three
      // members onto the dynamic form, one at a time; then z4 and z5 (ZooKeeper-only hosts, started by
      // `sandbox up`) are added one at a time
      String text = Files.readString(sandbox.inventory());
      assertThat(text).contains("\nzookeeper:\n");
      Files.writeString(sandbox.inventory(), text.replace("\nzookeeper:\n", "\nzookeeper:\n  dynamicMembership: true\n"));
      addMember(4);
      addMember(5);
      joiningHostWithAnotherMembersMyIdIsRefusedAndNothingChanges(connect);
      firstPartHaltedIsResumedWithTheMembersItRolls(connect);
      sandbox.up("--no-smoke-test");
      assertThat(members(connect)).containsExactly(1, 2, 3, 4, 5);
      addMember(6);
      addMember(7);
      sandbox.up("--no-smoke-test");
      assertThat(members(connect)).containsExactly(1, 2, 3, 4, 5, 6, 7);
      assertThat(zookeeperConnectOfBroker1()).contains(sandbox.prefix + ".7:2181");

      // 7 -> 3: one member leaves per apply; its host stays in the inventory so its agent stops it
      for (int n = 7; n >= 4; n--) {
        dropMember(n);
        StewardCli.Run shrink = steward("apply", "-i", inventory(), "--no-smoke-test", "--allow-unsafe-ensemble");
        assertThat(shrink.exitCode()).as(shrink.toString()).isZero();
        List<Integer> expected = new ArrayList<>();
        for (int id = 1; id < n; id++) {
          expected.add(id);
        }
        assertThat(members(connect)).isEqualTo(expected);
        assertThat(answersSrvr(sandbox.prefix + "." + n)).as("z" + n + "'s ZooKeeper stopped").isFalse();
      }
      assertThat(zookeeperConnectOfBroker1()).contains(sandbox.prefix + ".3:2181")
          .doesNotContain(sandbox.prefix + ".4:2181");

      Thread.sleep(3000);
      result = load.stop(Duration.ofSeconds(120));
      twoLeaders = leaders.twoLeadersOfOneEpoch();
      leaderChanges = leaders.leaderChanges();
      sweeps = leaders.sweeps();
    }
    System.out.println("ZooKeeper 3 -> 5 -> 7 -> 3 under load: " + result.describe());
    System.out.println("leader sweeps: " + sweeps + ", leaders as seen in turn: " + leaderChanges);
    assertThat(twoLeaders).as("sweeps in which two members led the same epoch").isEmpty();
    assertThat(sweeps).isGreaterThan(100);
    assertThat(result.lost()).isZero();
    assertThat(result.duplicated()).isZero();
    assertThat(result.acknowledged()).isGreaterThan(1000);
  }

  /**
   * z4's data dir holding server.9's myid (a host that ran in another ensemble): `sandbox up` starts
   * z4's agent (the earliest it can be asked), asks it, and refuses before the first part of the
   * change; `plan` says the same. Then the planted file goes, and the growth goes on.
   */
  private static void joiningHostWithAnotherMembersMyIdIsRefusedAndNothingChanges(String connect) throws Exception {
    Path planted = sandbox.dir.resolve("hosts/z4/var/lib/zookeeper/myid");
    Files.createDirectories(planted.getParent());
    Files.writeString(planted, "9\n");
    Map<String, Long> zookeepers = sandbox.servicePids("zookeeper");
    Map<String, Long> brokers = sandbox.servicePids("kafka");
    EnsembleConfig before = EnsembleAdmin.readConfig(connect, Duration.ofSeconds(30));

    StewardCli.Run up = steward("sandbox", "up", "--dir", sandbox.dir.toString(), "--address-prefix", sandbox.prefix,
        "--no-smoke-test");
    assertThat(up.exitCode()).as(up.toString()).isEqualTo(2);
    assertThat(up.stderr()).contains("zookeeper: hosts[z4]: /var/lib/zookeeper/myid on z4 holds id 9, but the "
        + "inventory adds z4 to the ensemble as zookeeperId 4").contains("Move the old data aside on z4 by hand")
        .contains("Steward never deletes data").contains("nothing was changed").doesNotContain("hosts[z5]");
    StewardCli.Run plan = steward("plan", "-i", inventory());
    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
    assertThat(plan.stderr()).contains("hosts[z4]: /var/lib/zookeeper/myid on z4 holds id 9")
        .contains("nothing was changed");

    assertThat(sandbox.servicePids("zookeeper")).as("no member restarted").isEqualTo(zookeepers);
    assertThat(sandbox.servicePids("kafka")).as("no broker restarted").isEqualTo(brokers);
    assertThat(EnsembleAdmin.readConfig(connect, Duration.ofSeconds(30))).isEqualTo(before);
    assertThat(planted).hasContent("9\n");
    assertThat(sandbox.dir.resolve("hosts/z4/opt/kafka/config/zookeeper.properties")).doesNotExist();
    assertThat(sandbox.dir.resolve("hosts/z5/opt/kafka/config/zookeeper.properties")).doesNotExist();
    Files.delete(planted);

    // the same change once z4's data dir is clean: plan prints the ordered steps, one member at a time
    StewardCli.Run steps = steward("plan", "-i", inventory());
    assertThat(steps.exitCode()).as(steps.toString()).isEqualTo(3);
    assertThat(steps.stdout()).containsSubsequence(
        ". add server.4 (z4, " + sandbox.prefix + ".4): start it with the 3 current members",
        "reconfig -add it as a participant (3 -> 4 voters)",
        ". add server.5 (z5, " + sandbox.prefix + ".5): start it with the 4 current members",
        "reconfig -add it as a participant (4 -> 5 voters)",
        ". re-render the brokers' zookeeper.connect");
    assertThat(sandbox.servicePids("zookeeper")).as("plan restarts nothing").isEqualTo(zookeepers);
  }

  /**
   * The first part's rolling restart halted by its ZooKeeper gate (a timeout no restarted member can
   * meet), then `rollout resume` with the whole inventory: the rollout was planned with the three
   * members that run, and resume goes on with those, not with z4 and z5, which only the second part
   * starts (resumed with the inventory's five, the gate would wait for them and halt again).
   */
  private static void firstPartHaltedIsResumedWithTheMembersItRolls(String connect) throws Exception {
    String inventory = Files.readString(sandbox.inventory());
    assertThat(inventory).contains("\nrollout:\n");
    Files.writeString(sandbox.inventory(), inventory.replace("\nrollout:\n", "\nrollout:\n  zookeeperReadyTimeout: 1ms\n"));
    StewardCli.Run halted = steward("sandbox", "up", "--dir", sandbox.dir.toString(), "--address-prefix",
        sandbox.prefix, "--no-smoke-test");
    assertThat(halted.exitCode()).as(halted.toString()).isEqualTo(1);
    assertThat(halted.stdout() + halted.stderr()).contains("rollout resume");
    assertThat(members(connect)).as("the second part never started").containsExactly(1, 2, 3);

    Files.writeString(sandbox.inventory(), inventory);
    StewardCli.Run resume = steward("rollout", "resume", "-i", inventory());
    assertThat(resume.exitCode()).as(resume.toString()).isZero();
    assertThat(resume.stderr()).contains("was planned with the ZooKeeper members 1 (" + sandbox.prefix + ".1), 2 ("
        + sandbox.prefix + ".2), 3 (" + sandbox.prefix + ".3)").contains("resuming with the members it was planned with");
    for (String host : List.of("h1", "h2", "h3")) {
      assertThat(sandbox.dir.resolve("hosts/" + host + "/opt/kafka/config/zookeeper.properties"))
          .content().contains("reconfigEnabled=true").doesNotContain("server.1=");
    }
    assertThat(members(connect)).containsExactly(1, 2, 3);
  }

  private static List<Integer> members(String connect) throws Exception {
    return EnsembleAdmin.readConfig(connect, Duration.ofSeconds(30)).ids();
  }

  private static void addMember(int n) throws Exception {
    Files.writeString(sandbox.inventory(), Files.readString(sandbox.inventory())
        + "  - {name: z" + n + ", address: " + sandbox.prefix + "." + n + ", zookeeperId: " + n + "}\n");
  }

  private static void dropMember(int n) throws Exception {
    String line = "  - {name: z" + n + ", address: " + sandbox.prefix + "." + n + ", zookeeperId: " + n + "}\n";
    String text = Files.readString(sandbox.inventory());
    assertThat(text).contains(line);
    Files.writeString(sandbox.inventory(), text.replace(line,
        "  - {name: z" + n + ", address: " + sandbox.prefix + "." + n + "}\n"));
  }

  private static String zookeeperConnectOfBroker1() throws Exception {
    return Files.readAllLines(sandbox.dir.resolve("hosts/h1/opt/kafka/config/server.properties")).stream()
        .filter(l -> l.startsWith("zookeeper.connect=")).findFirst().orElseThrow();
  }

  private static boolean answersSrvr(String address) {
    try {
      org.apache.zookeeper.client.FourLetterWordMain.send4LetterWord(address, 2181, "srvr", false, 1000);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
