package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.testing.Eventually;
import dev.steward.coordinator.loadcheck.LoadCheckResult;
import dev.steward.coordinator.loadcheck.LoadChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13's adoption, end to end on real hosts: the lab's three hosts are set up by the guide's
 * own commands (systemtest/guide-node.sh: the kafka user, the distribution unpacked as /opt/kafka,
 * the guide's properties files and myid, its units with Type=forking, -daemon and Requires=,
 * started in the guide's order), and only then get an agent. `steward adopt` reads them and
 * restarts nothing; `plan` on the inventory it wrote shows no Kafka or ZooKeeper setting changing
 * but the named four-letter words; `apply` converts the units under the load checker, one service
 * at a time, losing nothing; a second `plan` finds nothing left to do.
 */
@ExtendWith(LabSuiteTimer.class)
class GuideBuiltLabIT {

  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);
  private static final String BOOTSTRAP = "10.77.0.11:9092,10.77.0.12:9092,10.77.0.13:9092";
  private static final String KAFKA_MAIN = "kafka.Kafka";
  private static final String ZOOKEEPER_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
  private static final String JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";
  private static final Pattern MOVE_COMMAND = Pattern.compile("`(mv /opt/kafka [^`]+)`");

  private static Lab lab;
  private static Path work;

  @BeforeAll
  static void up() throws Exception {
    work = Files.createTempDirectory("steward-guide-built");
    StewardCli.ENVIRONMENT.put("STEWARD_STATE_DIR", work.resolve("state").toString());
    lab = Lab.openWithoutAgents();
  }

  @AfterAll
  static void down() throws Exception {
    try {
      if (lab != null) {
        lab.close();
      }
    } finally {
      StewardCli.deleteScratch(work);
    }
  }

  @Test
  void aClusterBuiltByTheGuideIsAdoptedWithoutARestartAndItsUnitsConvertedUnderLoadLosingNothing() throws Exception {
    buildByTheGuide();
    Map<String, Long> zooKeeperBuilt = javaPids(ZOOKEEPER_MAIN);
    Map<String, Long> kafkaBuilt = javaPids(KAFKA_MAIN);
    String serverPropertiesBuilt = sh("h2", "cat /opt/kafka/config/server.properties");

    lab.installAgents();
    Path inventory = work.resolve("guide.yaml");
    StewardCli.Run adopt = steward("adopt", "--hosts", "h1=10.77.0.11,h2=10.77.0.12,h3=10.77.0.13",
        "--cluster", "lab", "--pki", lab.pki().toString(), "-o", inventory.toString());
    System.out.println(adopt);
    assertThat(adopt.exitCode()).as(adopt.toString()).isZero();
    assertThat(adopt.stdout()).contains("mismatches between hosts: none")
        .contains("unit-type-forking [h1, h2, h3]").contains("unit-requires-zookeeper [h1, h2, h3]")
        .contains("zookeeper-four-letter-words [h1, h2, h3]").contains("kafka-home-not-a-link [h1, h2, h3]")
        .doesNotContain("would still change");
    assertThat(javaPids(ZOOKEEPER_MAIN)).as("adopting restarts nothing").isEqualTo(zooKeeperBuilt);
    assertThat(javaPids(KAFKA_MAIN)).isEqualTo(kafkaBuilt);

    // what the operator reads in adopt's output and does before apply (docs/adoption.md)
    Matcher move = MOVE_COMMAND.matcher(adopt.stdout());
    assertThat(move.find()).as("adopt prints the move of /opt/kafka: " + adopt.stdout()).isTrue();
    for (String host : Lab.HOSTS) {
      sh(host, move.group(1));
    }
    // the lab's own settings, as in lab.sh's inventory: no apt mirror in the hosts, shared memory and
    // disk, the lab's CA, gates sized for two cores; adopt reads none of these
    Files.writeString(inventory, Files.readString(inventory).replace("install:\n", "install:\n  javaPackage: \"\"\n")
        + "agent:\n  tls: true\n  pki: " + lab.pki() + "\n"
        + "preflight:\n  minMemory: 1GiB\n  minFreeDisk: 1GiB\n"
        + "rollout:\n  zookeeperReadyTimeout: 2m\n  brokerReadyTimeout: 3m\n  availabilityTimeout: 3m\n"
        + "  serviceStopTimeout: 2m\n");

    StewardCli.Run plan = steward("plan", "-i", inventory.toString());
    System.out.println(plan);
    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(3);
    assertThat(plan.stdout()).as("the guide's server.properties sets what Steward would")
        .doesNotContain("file:/opt/kafka/config/server.properties").doesNotContain("FAILED");
    assertThat(settingLines(plan.stdout(), "/opt/kafka/config/zookeeper.properties")).as("one setting per host")
        .hasSize(3).containsOnly("4lw.commands.whitelist: (unset: srvr) -> srvr,mntr,ruok,stat");
    assertThat(plan.stdout()).as("the pending unit conversion").contains("would change service:zookeeper")
        .contains("would change service:kafka").contains("-Type=forking").contains("+Type=simple")
        .contains("-Requires=zookeeper.service");
    assertThat(javaPids(ZOOKEEPER_MAIN)).as("planning restarts nothing").isEqualTo(zooKeeperBuilt);
    assertThat(javaPids(KAFKA_MAIN)).isEqualTo(kafkaBuilt);

    LoadCheckResult result;
    StewardCli.Run apply;
    try (LoadChecker load = new LoadChecker(BOOTSTRAP, "guide-" + UUID.randomUUID().toString().substring(0, 6), 200)
        .start(3)) {
      Thread.sleep(3000);
      apply = steward("apply", "-i", inventory.toString());
      Thread.sleep(3000);
      result = load.stop(Duration.ofSeconds(120));
    }
    System.out.println(apply);
    System.out.println("guide-built cluster converted under load: " + result.describe());
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(result.lost()).as(result.describe()).isZero();
    assertThat(result.duplicated()).as(result.describe()).isZero();
    assertThat(result.acknowledged()).isGreaterThan(1000);

    Map<String, Long> zooKeeperNow = javaPids(ZOOKEEPER_MAIN);
    Map<String, Long> kafkaNow = javaPids(KAFKA_MAIN);
    for (String host : Lab.HOSTS) {
      assertThat(zooKeeperNow.get(host)).as(host + "'s ZooKeeper was restarted").isNotEqualTo(zooKeeperBuilt.get(host));
      assertThat(kafkaNow.get(host)).as(host + "'s broker was restarted").isNotEqualTo(kafkaBuilt.get(host));
      String units = sh(host, "cat /etc/systemd/system/zookeeper.service /etc/systemd/system/kafka.service");
      assertThat(units).as(host).doesNotContain("Type=forking").doesNotContain("-daemon")
          .doesNotContain("Requires=zookeeper.service");
      assertThat(mainPid(host, "zookeeper")).as(host + ": systemd tracks the JVM itself")
          .isEqualTo(zooKeeperNow.get(host));
      assertThat(mainPid(host, "kafka")).as(host).isEqualTo(kafkaNow.get(host));
    }
    assertThat(sh("h2", "cat /opt/kafka/config/server.properties")).as("the operator's file is kept")
        .isEqualTo(serverPropertiesBuilt);
    assertThat(sh("h2", "cat /opt/kafka/config/zookeeper.properties"))
        .contains("4lw.commands.whitelist=srvr,mntr,ruok,stat");

    StewardCli.Run again = steward("plan", "-i", inventory.toString());
    assertThat(again.exitCode()).as("nothing left to do: " + again).isZero();
  }

  /** The guide's steps 1-6 on the three hosts, in its order, then its step 8's test topic. */
  private static void buildByTheGuide() throws Exception {
    Path tarball = StewardCli.home().resolve("artifacts/kafka_2.13-3.9.1.tgz");
    Path script = Path.of(System.getProperty("steward.lab.script", "lab.sh")).toAbsolutePath().getParent()
        .resolve("guide-node.sh");
    for (String host : Lab.HOSTS) {
      lab.push(host, tarball, "/root/kafka_2.13-3.9.1.tgz");
      lab.push(host, script, "/root/guide-node.sh");
      sh(host, "sh /root/guide-node.sh install " + host.substring(1)
          + " 10.77.0.11 10.77.0.12 10.77.0.13 /root/kafka_2.13-3.9.1.tgz " + JAVA_HOME);
    }
    for (String host : Lab.HOSTS) {
      sh(host, "sh /root/guide-node.sh start-zookeeper");
    }
    Thread.sleep(10_000);
    for (String host : Lab.HOSTS) {
      sh(host, "sh /root/guide-node.sh start-kafka");
    }
    Eventually.within(Duration.ofMinutes(3)).every(Duration.ofSeconds(2)).until(
        "the guide's three brokers answer", () -> {
          try {
            EveryBroker.produceAndConsume(List.of("10.77.0.11:9092", "10.77.0.12:9092", "10.77.0.13:9092"),
                "guide-test-" + UUID.randomUUID().toString().substring(0, 6));
            return true;
          } catch (Exception | AssertionError e) {
            System.out.println("not yet: " + e);
            return false;
          }
        });
  }

  /** The "key: before -> after" lines the plan shows under a file's header. */
  private static List<String> settingLines(String plan, String file) {
    List<String> lines = new ArrayList<>();
    boolean inFile = false;
    for (String line : plan.lines().toList()) {
      if (line.contains(file + " (rewritten as Steward renders it")) {
        inFile = true;
      } else if (inFile && line.startsWith("          ")) {
        lines.add(line.strip());
      } else if (inFile) {
        inFile = false;
      }
    }
    return lines;
  }

  /** The JVM running {@code mainClass} on each host, found by its command line (not by what systemd tracks). */
  private static Map<String, Long> javaPids(String mainClass) throws Exception {
    Map<String, Long> pids = new TreeMap<>();
    for (String host : Lab.HOSTS) {
      String found = sh(host, "ps -eo pid=,args= | awk '$2 ~ /java$/ && / " + mainClass.replace(".", "\\.")
          + " / {print $1}'");
      assertThat(found.lines().toList()).as(host + ": one " + mainClass).hasSize(1);
      pids.put(host, Long.parseLong(found.strip()));
    }
    return pids;
  }

  private static long mainPid(String host, String service) throws Exception {
    return Long.parseLong(sh(host, "systemctl show -p MainPID --value " + service + ".service"));
  }

  private static StewardCli.Run steward(String... args) throws Exception {
    return StewardCli.steward(COMMAND_TIMEOUT, args);
  }

  /** Runs a shell command inside a host; it must succeed. */
  private static String sh(String host, String command) throws Exception {
    StewardCli.Run run = lab.exec(host, "sh", "-c", command);
    assertThat(run.exitCode()).as(host + ": " + run).isZero();
    return run.stdout().strip();
  }
}
