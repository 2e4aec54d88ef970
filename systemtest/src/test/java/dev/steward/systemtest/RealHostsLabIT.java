package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.common.testing.Eventually;
import dev.steward.coordinator.loadcheck.LoadCheckResult;
import dev.steward.coordinator.loadcheck.LoadChecker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real-hosts acceptance tests, in the lab: three nspawn hosts with a real systemd and ufw,
 * agents installed from the .deb and enrolled with one-time tokens (mutual TLS on
 * 10.77.0.11-13:7443), driven from this machine by the built `steward` as a user would, with the
 * lab's real-hosts inventory (firewall and sysctl on). One lab for every test, in order; each
 * test leaves the cluster healthy for the next, and the lab comes down at the end, also after a
 * failure.
 */
@ExtendWith(LabSuiteTimer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealHostsLabIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);
  /** How often the waits below look again. */
  private static final Duration POLL = Duration.ofMillis(500);
  private static final String HARNESS = "10.77.0.1";
  private static final String BOOTSTRAP = "10.77.0.11:9092,10.77.0.12:9092,10.77.0.13:9092";
  /** The guide's kernel settings, which Steward's sysctl resource writes. */
  private static final Map<String, String> GUIDE_SYSCTL = guideSysctl();

  private static Lab lab;
  private static Path inventory;
  /** The lab inventory's Connect workers (lab.sh): two of the three hosts, as issue 9 asks. */
  private static final List<String> CONNECT_HOSTS = List.of("h1", "h2");
  private static Path work;
  private static Map<String, String> machineSysctl;

  private static Map<String, String> guideSysctl() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("vm.swappiness", "1");
    values.put("vm.dirty_ratio", "80");
    values.put("vm.dirty_background_ratio", "5");
    values.put("net.core.rmem_default", "262144");
    values.put("net.core.rmem_max", "16777216");
    values.put("net.core.wmem_default", "262144");
    values.put("net.core.wmem_max", "16777216");
    return values;
  }

  @BeforeAll
  static void up() throws Exception {
    work = Files.createTempDirectory("steward-real-hosts");
    StewardCli.ENVIRONMENT.put("STEWARD_STATE_DIR", work.resolve("state").toString());
    machineSysctl = machineSysctl();
    lab = Lab.open();
    inventory = lab.inventory();
  }

  @AfterAll
  static void down() throws Exception {
    try {
      if (lab != null) {
        lab.close();
      }
    } finally {
      // derived inventories, the rollout journal, a rollout's log
      StewardCli.deleteScratch(work);
      if (machineSysctl != null) {
        assertThat(machineSysctl()).as("this machine's own kernel settings, after the whole lab run")
            .isEqualTo(machineSysctl);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ 4

  /** Requirement 4, on the fresh lab: a failed precheck stops the apply before anything changes. */
  @Test
  @Order(1)
  void hostWhosePrecheckFailsStopsTheApplyBeforeAnyHostChanges() throws Exception {
    Map<String, String> before = snapshots();

    // Every host below preflight.minMemory (they share this machine's RAM).
    Path tooBig = derivedInventory("min-memory", text -> text.replace("minMemory: 1GiB", "minMemory: 1TiB"));
    StewardCli.Run apply = steward("apply", "-i", tooBig.toString());
    assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
    Map<String, Map<String, String>> table = preflightTable(apply.stdout());
    assertThat(table.keySet()).containsExactly("h1", "h2", "h3");
    table.forEach((host, row) -> assertThat(row).as(host).containsEntry("memory", "FAIL").containsEntry("disk", "ok")
        .containsEntry("java", "ok").containsEntry("port", "ok"));
    assertThat(apply.stdout()).contains("FAILED: preflight failed, nothing was changed");
    assertThat(snapshots()).as("nothing changed on any host").isEqualTo(before);

    // One host only: something else holds h2's broker port.
    sh("h2", "systemd-run --unit=stw-occupy-9092 --collect nc.openbsd -lk 10.77.0.12 9092");
    try {
      Eventually.within(Duration.ofSeconds(30)).every(POLL).until("a listener on h2:9092",
          () -> lab.exec("h2", "sh", "-c", "ss -Hltn 'sport = :9092' | grep -q .").exitCode() == 0);
      StewardCli.Run blocked = steward("apply", "-i", inventory.toString());
      assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(1);
      Map<String, Map<String, String>> rows = preflightTable(blocked.stdout());
      assertThat(rows.get("h2")).containsEntry("port", "FAIL");
      assertThat(rows.get("h1")).containsEntry("port", "ok");
      assertThat(rows.get("h3")).containsEntry("port", "ok");
      assertThat(blocked.stdout()).containsPattern("FAIL h2 port:[^ ]*9092").contains("nothing was changed");
    } finally {
      lab.exec("h2", "systemctl", "stop", "stw-occupy-9092.service");
    }
    assertThat(snapshots()).as("nothing changed on any host").isEqualTo(before);
    assertThat(machineSysctl()).isEqualTo(machineSysctl);
  }

  // ------------------------------------------------------------------------------------------ 1

  @Test
  @Order(2)
  void applyRunsZooKeeperAndKafkaBehindUfwWithTheGuidesKernelSettings() throws Exception {
    StewardCli.Run apply = steward("apply", "-i", inventory.toString());
    System.out.println(apply.stdout());

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.stdout()).containsPattern("smoke test: .*produced 100, consumed 100, ok");
    for (String host : Lab.HOSTS) {
      assertThat(sh(host, "systemctl is-active zookeeper kafka")).as(host).isEqualTo("active\nactive");
      if (CONNECT_HOSTS.contains(host)) {
        assertThat(sh(host, "systemctl is-active kafka-connect")).as(host).isEqualTo("active");
        assertThat(sh(host, "systemctl show -p Type -p After kafka-connect.service")).as(host)
            .contains("Type=simple").contains("kafka.service");
      } else {
        assertThat(sh(host, "test -e /etc/systemd/system/kafka-connect.service && echo present || echo absent"))
            .as(host + " runs no worker").isEqualTo("absent");
      }
      assertThat(sh(host, "ufw status verbose")).as(host).startsWith("Status: active")
          .contains("Default: deny (incoming)");
      assertThat(ufwRules(host)).as(host + ": exactly Steward's rules").containsExactlyInAnyOrderElementsOf(
          expectedUfwRules(host));
      assertThat(hostSysctl(host)).as(host).isEqualTo(GUIDE_SYSCTL);
    }
    assertThat(machineSysctl()).as("this machine's own kernel settings").isEqualTo(machineSysctl);
    // The rules at work, from this machine (a coordinator address, inside clientNetworks).
    for (String host : Lab.HOSTS) {
      String address = Lab.address(host);
      for (int open : List.of(2181, 9092, Lab.AGENT_PORT)) {
        assertThat(Lab.tcp(address, open, Duration.ofSeconds(3))).as(host + ":" + open).isEqualTo(Lab.Reach.CONNECTED);
      }
      assertThat(Lab.tcp(address, 3888, Duration.ofSeconds(3))).as(host + ":3888 is for ensemble members only")
          .isEqualTo(Lab.Reach.UNREACHABLE);
    }
    // Connect's REST API (no authentication of its own) from the coordinator; from the other worker
    // its rule is in expectedUfwRules, and from h3, which runs no worker, nothing lets it in.
    for (String host : CONNECT_HOSTS) {
      JsonNode root = JSON.readTree(URI.create("http://" + Lab.address(host) + ":8083/").toURL());
      assertThat(root.get("version").asText()).as(host).isEqualTo("3.9.1");
    }
    JsonNode workers = status().at("/cluster/connect/workers");
    assertThat(workers).hasSize(2);
    workers.forEach(w -> assertThat(w.get("up").asBoolean()).as(w.toString()).isTrue());
    EveryBroker.produceAndConsume(List.of("10.77.0.11:9092", "10.77.0.12:9092", "10.77.0.13:9092"),
        "lab-every-broker-" + UUID.randomUUID().toString().substring(0, 6));
  }

  // ------------------------------------------------------------------------------------------ 2

  @Test
  @Order(3)
  void secondApplyIsUnchangedEverywhereAndRestartsNothing() throws Exception {
    Map<String, String> processes = processes();

    StewardCli.Run apply = steward("apply", "-i", inventory.toString(), "-o", "json");

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    JsonNode result = JSON.readTree(apply.stdout());
    assertThat(result.get("ok").asBoolean()).isTrue();
    assertThat(result.get("changes").asBoolean()).isFalse();
    assertThat(changedResources(result)).isEmpty();
    assertThat(resourceCount(result)).isGreaterThanOrEqualTo(3 * 15);
    assertThat(result.get("pendingRestarts").size()).isZero();
    assertThat(processes()).as("MainPID and NRestarts of zookeeper and kafka on every host").isEqualTo(processes);
    printAgentFootprint();
  }

  /**
   * The agents' memory and idle CPU under systemd, after two deploys: a figure for
   * docs/benchmarks.md ("A lean agent"), printed and never asserted (the sandbox's figures come
   * from `steward sandbox benchmark-agent`).
   */
  private static void printAgentFootprint() throws Exception {
    Map<String, String> before = new TreeMap<>();
    for (String host : Lab.HOSTS) {
      before.put(host, sh(host, agentProcFigures()));
    }
    Thread.sleep(10_000);
    StringBuilder report = new StringBuilder("lab agent footprint, idle after a deploy (VmRSS, VmHWM, RssAnon, "
        + "Pss, threads, CPU in 10 s):\n");
    for (String host : Lab.HOSTS) {
      String[] was = before.get(host).split(" ");
      String[] now = sh(host, agentProcFigures()).split(" ");
      report.append(String.format("  %s: RSS %.1f MiB, peak %.1f MiB, anon %.1f MiB, PSS %.1f MiB, %s threads, "
              + "%d ms CPU%n", host, Long.parseLong(now[0]) / 1024.0, Long.parseLong(now[1]) / 1024.0,
          Long.parseLong(now[2]) / 1024.0, Long.parseLong(now[4]) / 1024.0, now[3],
          (Long.parseLong(now[5]) - Long.parseLong(was[5])) * 10));
    }
    System.out.print(report);
    Files.writeString(Path.of("target", "lab-agent-footprint.txt"), report.toString());
  }

  /**
   * VmRSS kB, VmHWM kB, RssAnon kB, threads, Pss kB (the share of the pages it has in common with the host's
   * other processes: libjvm and the JDK's CDS archive with ZooKeeper's, Kafka's and Connect's JVMs), and
   * utime+stime in clock ticks (100 a second) of the agent's main process.
   */
  private static String agentProcFigures() {
    return "p=$(systemctl show -p MainPID --value steward-agent.service); "
        + "awk '/^VmRSS/{r=$2} /^VmHWM/{h=$2} /^RssAnon/{a=$2} /^Threads/{t=$2} "
        + "END{printf \"%s %s %s %s \", r, h, a, t}' /proc/$p/status; "
        + "awk '/^Pss:/{printf \"%s \", $2}' /proc/$p/smaps_rollup; "
        + "awk '{print $14+$15}' /proc/$p/stat";
  }

  // ------------------------------------------------------------------------------------------ 3

  @Test
  @Order(4)
  void handMadeDriftIsPlannedExactlyThenRepairedWithARollingRestart() throws Exception {
    Map<String, Long> zookeeper = pids("zookeeper");
    Map<String, Long> kafka = pids("kafka");
    sh("h1", "sysctl -w vm.swappiness=60");
    String rule = sh("h2", "ufw status numbered | grep 'steward:zk-peer-10.77.0.13'");
    Matcher number = Pattern.compile("^\\[ *(\\d+)\\]").matcher(rule);
    assertThat(number.find()).as(rule).isTrue();
    sh("h2", "ufw --force delete " + number.group(1));
    sh("h3", "sed -i 's/^TimeoutStopSec=120$/TimeoutStopSec=30/' /etc/systemd/system/kafka.service");
    assertThat(machineSysctl()).as("sysctl -w in a host writes its fakes only").isEqualTo(machineSysctl);

    StewardCli.Run plan = steward("plan", "-i", inventory.toString(), "-o", "json");
    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(3);
    JsonNode planned = JSON.readTree(plan.stdout());
    Map<String, String> changes = changedResources(planned);
    assertThat(changes.keySet()).containsExactlyInAnyOrder("h1 sysctl", "h2 firewall", "h3 service:kafka");
    assertThat(changes.values()).allMatch("would_change"::equals);
    assertThat(diff(planned, "h1", "sysctl")).contains("vm.swappiness").contains("60 -> 1");
    assertThat(diff(planned, "h2", "firewall")).contains("+ allow 2888/tcp from 10.77.0.13 (steward:zk-peer-10.77.0.13)")
        .doesNotContain("- ");
    assertThat(diff(planned, "h3", "service:kafka")).contains("-TimeoutStopSec=30").contains("+TimeoutStopSec=120");
    assertThat(planned.at("/pendingRestarts/h3/0/service").asText()).isEqualTo("kafka");
    assertThat(planned.at("/pendingRestarts/h3/0/reason").asText()).isEqualTo("unit changed");
    assertThat(planned.get("pendingRestarts").size()).isEqualTo(1);
    assertThat(pids("kafka")).as("a plan changes nothing").isEqualTo(kafka);

    StewardCli.Run apply = steward("apply", "-i", inventory.toString());
    System.out.println(apply.stdout() + apply.stderr());
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.stderr()).contains("== rolling restart").contains("h3: restarting kafka");
    assertThat(sh("h1", "sysctl -n vm.swappiness")).isEqualTo("1");
    assertThat(ufwRules("h2")).containsExactlyInAnyOrderElementsOf(expectedUfwRules("h2"));
    assertThat(sh("h3", "grep -c '^TimeoutStopSec=120$' /etc/systemd/system/kafka.service")).isEqualTo("1");
    assertThat(sh("h3", "systemctl show -p NeedDaemonReload --value kafka.service")).isEqualTo("no");
    assertThat(pids("zookeeper")).as("no ZooKeeper restarted").isEqualTo(zookeeper);
    Map<String, Long> kafkaAfter = pids("kafka");
    assertThat(kafkaAfter.get("h3")).as("h3's broker was rolled").isNotEqualTo(kafka.get("h3"));
    assertThat(kafkaAfter.get("h1")).isEqualTo(kafka.get("h1"));
    assertThat(kafkaAfter.get("h2")).isEqualTo(kafka.get("h2"));

    StewardCli.Run clean = steward("plan", "-i", inventory.toString());
    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    assertThat(clean.stdout()).contains("no changes");
    awaitHealthy(Duration.ofMinutes(3));
  }

  // ------------------------------------------------------------------------------------------ 5

  @Test
  @Order(5)
  void killedBrokerIsRestartedBySystemdAndARestartedAgentLosesNoState() throws Exception {
    int controller = status().at("/cluster/kafka/controller").asInt();
    String host = controller == 2 ? "h3" : "h2";
    int brokerId = Integer.parseInt(host.substring(1));
    long registration = ZooKeeperReads.brokerRegistration(brokerId);
    long pid = mainPid(host, "kafka");
    int restarts = nRestarts(host, "kafka");

    sh(host, "kill -9 " + pid);

    Eventually.within(Duration.ofMinutes(2)).every(POLL).until(host + "'s broker restarted by systemd",
        () -> nRestarts(host, "kafka") > restarts && sh(host, "systemctl is-active kafka.service").equals("active")
            && mainPid(host, "kafka") != pid);
    Eventually.within(Duration.ofMinutes(2)).every(POLL).until(
        "broker " + brokerId + " registered anew (its old session's registration gone)",
        () -> ZooKeeperReads.brokerRegistration(brokerId) > registration);
    awaitHealthy(Duration.ofMinutes(3));
    JsonNode status = status();
    assertThat(status.at("/cluster/kafka/brokers").toString()).isEqualTo("[1,2,3]");
    assertThat(hostStatus(status, host).at("/kafka/registered").asBoolean()).isTrue();
    System.out.println("kill -9 of broker " + brokerId + ": NRestarts " + restarts + " -> " + nRestarts(host, "kafka"));

    // The agent: stopped and started again, it keeps its journal, audit trail, certificate and state.
    String agentHost = "h1";
    String state = agentState(agentHost);
    List<JsonNode> audit = audit(agentHost);
    Map<String, String> processes = processes();
    sh(agentHost, "systemctl stop steward-agent.service");
    assertThat(hostStatus(status(), agentHost).get("agent").asText()).isEqualTo("down");
    assertThat(processes()).as("stopping the agent stops no service").isEqualTo(processes);
    sh(agentHost, "systemctl start steward-agent.service");
    Eventually.within(Duration.ofMinutes(1)).every(POLL).until("the agent answering mutual TLS again",
        () -> steward("audit", "-i", inventory.toString(), agentHost, "--limit", "1").exitCode() == 0);

    assertThat(agentState(agentHost)).as("/var/lib/steward after the restart").isEqualTo(state);
    List<JsonNode> auditAfter = audit(agentHost);
    assertThat(auditAfter).as("the audit trail keeps every earlier line").startsWith(audit.toArray(JsonNode[]::new));
    assertThat(processes()).isEqualTo(processes);
    StewardCli.Run plan = steward("plan", "-i", inventory.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
  }

  // ------------------------------------------------------------------------------------------ 6

  @Test
  @Order(6)
  void rollingRestartUnderLoadLosesNothingFollowersFirstControllerLast() throws Exception {
    awaitHealthy(Duration.ofMinutes(3));
    JsonNode before = status();
    String zkLeader = before.at("/cluster/zookeeper/leader").asText();
    int controller = before.at("/cluster/kafka/controller").asInt();
    LoadCheckResult result;
    StewardCli.Run roll;
    try (LoadChecker load = new LoadChecker(BOOTSTRAP, "lab-roll-" + UUID.randomUUID().toString().substring(0, 6), 200)
        .start(3); ClusterSampler sampler = new ClusterSampler(List.of("10.77.0.11", "10.77.0.12", "10.77.0.13"))) {
      Thread.sleep(3000);
      roll = steward("rollout", "restart", "-i", inventory.toString(), "-o", "json");
      Thread.sleep(3000);
      result = load.stop(Duration.ofSeconds(120));
      System.out.println("lab rolling restart under load: " + result.describe() + "; first errors " + load.firstErrors());
      assertThat(sampler.minRegisteredBrokers()).as("registered brokers never below 2").isGreaterThanOrEqualTo(2);
      assertThat(sampler.minRunningZooKeeper()).as("never two ZooKeeper nodes down").isGreaterThanOrEqualTo(2);
    }
    assertThat(roll.exitCode()).as(roll.toString()).isZero();
    assertThat(result.lost()).as(result.describe()).isZero();
    assertThat(result.duplicated()).as(result.describe()).isZero();
    assertThat(result.outOfOrder()).isZero();
    assertThat(result.acknowledged()).isGreaterThan(1000);

    JsonNode journal = JSON.readTree(roll.stdout());
    List<String> order = new ArrayList<>();
    journal.get("order").forEach(step -> order.add(step.asText()));
    System.out.println("rollout order " + order + ", ZooKeeper leader before " + zkLeader + ", controller before "
        + controller + "; time " + journal.get("time"));
    assertThat(order).hasSize(8);
    assertThat(order.subList(0, 3)).allMatch(s -> s.startsWith("zookeeper:"));
    assertThat(order.get(2)).as("the ZooKeeper leader goes last").isEqualTo("zookeeper:" + zkLeader);
    assertThat(order.subList(3, 6)).allMatch(s -> s.startsWith("kafka:"));
    assertThat(order.get(5)).as("the controller goes last").isEqualTo("kafka:h" + controller);
    assertThat(order.subList(6, 8)).as("the Connect workers after every broker, one at a time")
        .containsExactly("kafka-connect:h1", "kafka-connect:h2");
    awaitHealthy(Duration.ofMinutes(3));
  }

  // ------------------------------------------------------------------------------------------ 7

  @Test
  @Order(7)
  void hostPartitionedMidRolloutHaltsItUntouchedThenResumeFinishesWithNothingLost() throws Exception {
    awaitHealthy(Duration.ofMinutes(3));
    Path gated = derivedInventory("short-gates", text -> text.replace("brokerReadyTimeout: 3m", "brokerReadyTimeout: 60s")
        .replace("availabilityTimeout: 3m", "availabilityTimeout: 60s"));
    int controller = status().at("/cluster/kafka/controller").asInt();
    Map<String, Long> kafkaBefore = pids("kafka");
    Path log = work.resolve("partition-rollout.log");
    String cut = null;
    String rolloutId;
    Map<String, Long> kafkaAtHalt;
    List<String> pendingAtHalt = new ArrayList<>();
    List<String> restartedBeforeHalt = new ArrayList<>();
    LoadCheckResult result;
    try (LoadChecker load = new LoadChecker(BOOTSTRAP, "lab-cut-" + UUID.randomUUID().toString().substring(0, 6), 200)
        .start(3)) {
      Thread.sleep(3000);
      Process roll = StewardCli.startSteward(log, "rollout", "restart", "-i", gated.toString());
      try {
        // After the ZooKeeper restarts, as the first broker restart begins: cut a broker host whose
        // turn has not come (it cannot come before the first broker is ready again).
        String first = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (first == null && System.nanoTime() < deadline && roll.isAlive()) {
          first = stepHost(LocalJournal.current(work.resolve("state"), "lab"), "kafka", "in_progress");
          Thread.sleep(20);
        }
        assertThat(first).as("the rollout reached its first broker restart: " + Files.readString(log)).isNotNull();
        String firstHost = first;
        cut = Lab.HOSTS.stream().filter(h -> !h.equals(firstHost) && !h.equals("h" + controller)).findFirst()
            .orElseThrow();
        lab.cut(cut);
        System.out.println("cut " + cut + " while the rollout restarts kafka on " + first + " (controller h"
            + controller + ")");

        assertThat(roll.waitFor(6, java.util.concurrent.TimeUnit.MINUTES)).as("the rollout halts").isTrue();
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(roll.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("rollout resume");
      } finally {
        roll.destroyForcibly().waitFor();
      }
      JsonNode halted = rolloutStatus(gated);
      rolloutId = halted.get("id").asText();
      assertThat(halted.get("status").asText()).isEqualTo("halted");
      System.out.println("halt reason: " + halted.get("haltReason").asText());
      for (JsonNode step : halted.get("steps")) {
        if (step.get("service").asText().equals("zookeeper")) {
          assertThat(step.get("status").asText()).as("ZooKeeper rolled before the cut").isEqualTo("done");
        } else if (step.get("service").asText().equals("kafka-connect")) {
          assertThat(step.get("status").asText()).as("Connect rolls after every broker").isEqualTo("pending");
        } else if (step.get("status").asText().equals("pending")) {
          pendingAtHalt.add(step.get("host").asText());
        } else {
          restartedBeforeHalt.add(step.get("host").asText());
        }
      }
      assertThat(pendingAtHalt).as("the partitioned host's turn never came").contains(cut);
      kafkaAtHalt = pids("kafka");
      for (String host : pendingAtHalt) {
        assertThat(kafkaAtHalt.get(host)).as(host + "'s broker untouched").isEqualTo(kafkaBefore.get(host));
      }

      lab.heal(cut);
      cut = null;
      StewardCli.Run resume = steward("rollout", "resume", "-i", gated.toString());
      System.out.println(resume.stdout() + resume.stderr());
      assertThat(resume.exitCode()).as(resume.toString()).isZero();
      assertThat(rolloutStatus(gated).get("status").asText()).isEqualTo("done");
      awaitHealthy(Duration.ofMinutes(3));
      result = load.stop(Duration.ofSeconds(180));
      System.out.println("cut + halt + heal + resume under load: " + result.describe() + "; first errors "
          + load.firstErrors());
    } finally {
      if (cut != null) {
        lab.heal(cut);
      }
    }
    assertThat(result.lost()).as(result.describe()).isZero();
    assertThat(result.duplicated()).as(result.describe()).isZero();
    assertThat(result.acknowledged()).isGreaterThan(1000);
    Map<String, Long> kafkaAfter = pids("kafka");
    for (String host : restartedBeforeHalt) {
      assertThat(kafkaAfter.get(host)).as(host + " restarted before the halt, not again").isEqualTo(kafkaAtHalt.get(host));
    }
    for (String host : Lab.HOSTS) {
      assertThat(kafkaAfter.get(host)).as(host + " runs a new broker").isNotEqualTo(kafkaBefore.get(host));
      long restarts = audit(host).stream().filter(e -> e.path("action").asText().equals("restart")
          && e.path("resource").asText().equals("service:kafka")
          && e.path("operation_id").asText().startsWith(rolloutId)).count();
      assertThat(restarts).as(host + ": kafka restarted exactly once by rollout " + rolloutId).isEqualTo(1);
    }
  }

  // ------------------------------------------------------------------------------------------ logs

  /**
   * `steward logs -f` over mutual TLS from journald: a broker line reaches the harness within a
   * second of journald storing it (its __REALTIME_TIMESTAMP; the hosts share this machine's clock).
   */
  @Test
  @Order(8)
  void logsFollowShowsABrokersJournalLineWithinASecond() throws Exception {
    Path output = work.resolve("logs-follow.txt");
    Process follow = StewardCli.startSteward(output, "logs", "-i", inventory.toString(), "h1", "kafka", "-f");
    try {
      Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(100))
          .until("the last lines of h1's kafka journal", () -> Files.readString(output).contains("] INFO "));
      String topic = "lab-logs-" + java.util.UUID.randomUUID().toString().substring(0, 8);
      try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
          Map.of("bootstrap.servers", BOOTSTRAP))) {
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 3))).all()
            .get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
      long shownMicros = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (shownMicros == 0 && System.nanoTime() < deadline) {
        if (Files.readString(output).contains(topic + "-0")) {
          shownMicros = java.time.Instant.now().toEpochMilli() * 1000;
        }
        Thread.sleep(5);
      }
      assertThat(shownMicros).as("`steward logs -f` showed h1's line naming " + topic + ": "
          + Files.readString(output)).isNotZero();
      String entry = sh("h1", "journalctl -u kafka.service -o json --no-pager --since -5min | grep -m1 '"
          + topic + "-0'");
      long writtenMicros = JSON.readTree(entry).get("__REALTIME_TIMESTAMP").asLong();
      Duration delay = Duration.ofNanos(Math.max(0, shownMicros - writtenMicros) * 1000);
      System.out.println("steward logs -f (lab, journald, mTLS): h1's broker line was shown " + delay.toMillis()
          + " ms after journald stored it");
      assertThat(delay).isLessThan(Duration.ofSeconds(1));
      assertThat(sh("h1", "pgrep -c journalctl || true")).as("one journalctl, the follow's").isEqualTo("1");
    } finally {
      follow.destroy();
      if (!follow.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        follow.destroyForcibly();
      }
    }
    Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(200)).until(
        "the agent to end journalctl once the follow was cancelled", () -> sh("h1", "pgrep -c journalctl || true")
            .equals("0"));
  }

  // ------------------------------------------------------------------------------------------ observers

  /**
   * `steward ca issue-observer`: a person holding only that certificate, its key and the CA's
   * certificate (a directory of their own: no CA key, no coordinator key, no hosts.json) reads a
   * broker's journal and the agent's own (steward-agent.service) over mutual TLS, and is refused
   * anything else with PERMISSION_DENIED: the audit trail through the CLI, and the calls `status`
   * and `apply` make (GetFacts, Apply) straight over gRPC with that certificate.
   */
  @Test
  @Order(9)
  void anObserverCertificateReadsLogsOverMutualTlsAndIsRefusedEverythingElse() throws Exception {
    Path alice = Files.createDirectories(work.resolve("alice"));
    StewardCli.Run issued = steward("ca", "issue-observer", "-i", inventory.toString(), "alice", "--out",
        alice.toString(), "--days", "7");
    assertThat(issued.exitCode()).as(issued.toString()).isZero();
    assertThat(Files.getPosixFilePermissions(alice.resolve("alice.key")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.copy(lab.pki().resolve("ca.crt"), alice.resolve("ca.crt"));
    try (var files = Files.list(alice)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .as("all the observer holds").containsExactly("alice.crt", "alice.key", "ca.crt");
    }
    List<String> asAlice = List.of("--pki", alice.toString(), "--cert", alice.resolve("alice.crt").toString(),
        "--key", alice.resolve("alice.key").toString());

    StewardCli.Run kafka = steward(concat(List.of("logs", "-i", inventory.toString(), "h1", "kafka", "--lines", "5"),
        asAlice));
    assertThat(kafka.exitCode()).as(kafka.toString()).isZero();
    assertThat(kafka.stdout().lines().toList()).hasSize(5);

    StewardCli.Run agentLog = steward(concat(List.of("logs", "-i", inventory.toString(), "h2", "agent", "--since",
        "1d"), asAlice));
    assertThat(agentLog.exitCode()).as(agentLog.toString()).isZero();
    assertThat(agentLog.stdout()).as("h2's steward-agent.service journal")
        .containsPattern("INFO AgentMain - steward-agent \\S+ serving TLS on [0-9.]+:" + Lab.AGENT_PORT)
        .contains("enrolled (enrollment:token): CN=h2,");
    System.out.println("steward logs h2 agent (observer, journald, mTLS): "
        + agentLog.stdout().lines().count() + " lines");

    StewardCli.Run audit = steward(concat(List.of("audit", "-i", inventory.toString(), "h1"), asAlice));
    assertThat(audit.exitCode()).as(audit.toString()).isEqualTo(1);
    assertThat(audit.stderr()).contains("PERMISSION_DENIED").contains("CN=alice")
        .contains("has role steward-observer: it may read logs (and health) only");

    dev.steward.common.inventory.HostSpec h3 = new dev.steward.common.inventory.InventoryLoader(
        dev.steward.common.inventory.ValidationOptions.strict()).load(inventory).inventory().host("h3").orElseThrow();
    dev.steward.coordinator.pki.TlsAgentConnector connector = dev.steward.coordinator.pki.TlsAgentConnector
        .withIdentity(dev.steward.common.pki.Pem.certificate(Files.readString(alice.resolve("ca.crt"))),
            dev.steward.common.pki.Pem.ecPrivateKey(Files.readString(alice.resolve("alice.key"))),
            dev.steward.common.pki.Pem.certificate(Files.readString(alice.resolve("alice.crt"))),
            new dev.steward.coordinator.pki.PkiDirectory(alice));
    io.grpc.ManagedChannel channel = connector.connect(h3);
    try {
      io.grpc.StatusRuntimeException facts = org.junit.jupiter.api.Assertions.assertThrows(
          io.grpc.StatusRuntimeException.class, () -> dev.steward.agent.v1.HostServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS)
              .getFacts(dev.steward.agent.v1.GetFactsRequest.getDefaultInstance()));
      assertThat(facts.getStatus().getCode()).as(facts.toString()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
      io.grpc.StatusRuntimeException apply = org.junit.jupiter.api.Assertions.assertThrows(
          io.grpc.StatusRuntimeException.class, () -> dev.steward.agent.v1.ResourceServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS)
              .apply(dev.steward.agent.v1.ApplyRequest.newBuilder().setOperationId("observer-apply").build())
              .hasNext());
      assertThat(apply.getStatus().getCode()).as(apply.toString()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
    } finally {
      channel.shutdownNow();
    }
    assertThat(audit("h3")).as("nothing the observer asked for was done").noneMatch(
        entry -> entry.path("operation_id").asText().equals("observer-apply"));
  }

  // ------------------------------------------------------------------------------------------ certificate alert

  /**
   * `status`'s certificate-expiring alert over the lab's real PKI: with the default threshold (30d)
   * none; with alerts.certificateExpiresWithin above an agent certificate's lifetime (1 year) one
   * CRITICAL alert per host naming the days left as hosts.json records them, and exit 1.
   */
  @Test
  @Order(10)
  void certificateExpiryAlertNamesEachHostAndItsDaysLeftAboveTheThreshold() throws Exception {
    StewardCli.Run healthy = steward("status", "-i", inventory.toString(), "-o", "json");
    assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
    assertThat(alerts(JSON.readTree(healthy.stdout()), "certificate-expiring")).as("default threshold 30d").isEmpty();

    Path soon = derivedInventory("certificates-soon", text -> text.replace("\nhosts:\n",
        "\nalerts:\n  certificateExpiresWithin: 400d\nhosts:\n"));
    StewardCli.Run alerting = steward("status", "-i", soon.toString(), "-o", "json");
    assertThat(alerting.exitCode()).as(alerting.toString()).isEqualTo(1);
    JsonNode document = JSON.readTree(alerting.stdout());
    assertThat(document.at("/cluster/healthy").asBoolean()).isFalse();
    Map<String, JsonNode> bySubject = new TreeMap<>();
    alerts(document, "certificate-expiring").forEach(alert -> bySubject.put(alert.get("subject").asText(), alert));
    assertThat(bySubject.keySet()).as("an agent certificate lives 365 days; the CA 10 years")
        .contains("h1", "h2", "h3").doesNotContain("cluster CA");
    dev.steward.coordinator.pki.PkiDirectory.Hosts enrolled = new dev.steward.coordinator.pki.PkiDirectory(lab.pki())
        .hosts();
    for (String host : Lab.HOSTS) {
      JsonNode alert = bySubject.get(host);
      assertThat(alert.get("severity").asText()).isEqualToIgnoringCase("CRITICAL");
      java.time.Instant notAfter = enrolled.current(host).orElseThrow().notAfter();
      long days = Duration.between(java.time.Instant.now(), notAfter).toDays();
      assertThat(alert.get("message").asText()).as(host)
          .containsPattern("expires on " + Pattern.quote(notAfter.toString()) + " \\(in (" + days + "|" + (days + 1)
              + ") days\\)").contains("steward enroll");
    }
    StewardCli.Run text = steward("status", "-i", soon.toString());
    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.stdout()).containsPattern("CRITICAL certificate-expiring h1: certificate expires on \\S+ \\(in 36[45] days\\)");
    System.out.println("status with certificateExpiresWithin 400d: "
        + text.stdout().lines().filter(l -> l.contains("certificate-expiring")).toList());
  }

  private static List<JsonNode> alerts(JsonNode status, String kind) {
    List<JsonNode> found = new ArrayList<>();
    status.path("alerts").forEach(alert -> {
      if (alert.path("kind").asText().equals(kind)) {
        found.add(alert);
      }
    });
    return found;
  }

  private static String[] concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all.toArray(String[]::new);
  }

  // ------------------------------------------------------------------------------------------ helpers

  private static StewardCli.Run steward(String... args) throws Exception {
    return StewardCli.steward(COMMAND_TIMEOUT, args);
  }

  /** Runs a shell command inside a host; it must succeed. */
  private static String sh(String host, String command) throws Exception {
    StewardCli.Run run = lab.exec(host, "sh", "-c", command);
    assertThat(run.exitCode()).as(host + ": " + run).isZero();
    return run.stdout().strip();
  }

  private static Path derivedInventory(String name, UnaryOperator<String> change) throws Exception {
    String text = Files.readString(inventory);
    String changed = change.apply(text);
    assertThat(changed).as("the derivation of " + name + " changed something").isNotEqualTo(text);
    return Files.writeString(work.resolve(name + ".yaml"), changed);
  }

  private static JsonNode status() throws Exception {
    StewardCli.Run status = steward("status", "-i", inventory.toString(), "-o", "json");
    return JSON.readTree(status.stdout());
  }

  private static JsonNode hostStatus(JsonNode status, String host) {
    for (JsonNode node : status.get("hosts")) {
      if (node.get("name").asText().equals(host)) {
        return node;
      }
    }
    throw new AssertionError("no host " + host + " in " + status);
  }

  private static JsonNode rolloutStatus(Path inventoryFile) throws Exception {
    StewardCli.Run status = steward("rollout", "status", "-i", inventoryFile.toString(), "-o", "json");
    return JSON.readTree(status.stdout());
  }

  /** The host of the first step of {@code service} in {@code status}, from the rollout journal. */
  private static String stepHost(Path journal, String service, String status) {
    try {
      if (!Files.exists(journal)) {
        return null;
      }
      for (JsonNode step : JSON.readTree(Files.readString(journal)).path("steps")) {
        if (step.path("service").asText().equals(service) && step.path("status").asText().equals(status)) {
          return step.path("host").asText();
        }
      }
    } catch (Exception e) {
      // a journal being replaced: the next poll reads it
    }
    return null;
  }

  private static void awaitHealthy(Duration timeout) {
    Eventually.within(timeout).every(POLL).until(
        "the cluster healthy (quorum synced, 3 brokers, nothing under-replicated)", RealHostsLabIT::status,
        status -> status.at("/cluster/healthy").asBoolean());
  }

  private static long mainPid(String host, String service) throws Exception {
    return Long.parseLong(sh(host, "systemctl show -p MainPID --value " + service + ".service"));
  }

  private static int nRestarts(String host, String service) throws Exception {
    return Integer.parseInt(sh(host, "systemctl show -p NRestarts --value " + service + ".service"));
  }

  private static Map<String, Long> pids(String service) throws Exception {
    Map<String, Long> pids = new TreeMap<>();
    for (String host : Lab.HOSTS) {
      pids.put(host, mainPid(host, service));
    }
    return pids;
  }

  /** MainPID and NRestarts of both services on every host. */
  private static Map<String, String> processes() throws Exception {
    Map<String, String> processes = new TreeMap<>();
    for (String host : Lab.HOSTS) {
      processes.put(host, sh(host, "systemctl show -p MainPID -p NRestarts zookeeper.service kafka.service"
          + (CONNECT_HOSTS.contains(host) ? " kafka-connect.service" : "")));
    }
    return processes;
  }

  /** This machine's own values of the keys Steward tunes (the lab hosts must never change them). */
  private static Map<String, String> machineSysctl() throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : GUIDE_SYSCTL.keySet()) {
      values.put(key, Files.readString(Path.of("/proc/sys/" + key.replace('.', '/'))).strip());
    }
    return values;
  }

  private static Map<String, String> hostSysctl(String host) throws Exception {
    List<String> read = sh(host, "sysctl -n " + String.join(" ", GUIDE_SYSCTL.keySet())).lines().toList();
    Map<String, String> values = new LinkedHashMap<>();
    int i = 0;
    for (String key : GUIDE_SYSCTL.keySet()) {
      values.put(key, read.get(i++).strip());
    }
    return values;
  }

  private static final Pattern UFW_RULE = Pattern.compile(
      "^(\\S+(?: \\(v6\\))?)\\s+(ALLOW|DENY|REJECT|LIMIT)(?: IN)?\\s+(\\S+(?: \\(v6\\))?)(?:\\s+# (.*))?$");

  /** `ufw status` as "TO ACTION FROM # COMMENT" lines, one per rule. */
  private static List<String> ufwRules(String host) throws Exception {
    List<String> rules = new ArrayList<>();
    boolean table = false;
    for (String line : sh(host, "ufw status").lines().toList()) {
      if (line.startsWith("--")) {
        table = true;
        continue;
      }
      if (!table || line.isBlank()) {
        continue;
      }
      Matcher m = UFW_RULE.matcher(line.strip());
      assertThat(m.matches()).as(host + ": a ufw rule line: '" + line + "'").isTrue();
      rules.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " # " + m.group(4));
    }
    return rules;
  }

  /** What the lab inventory asks of a host's ufw: least privilege between the three hosts and the harness. */
  private static List<String> expectedUfwRules(String host) {
    List<String> others = Lab.HOSTS.stream().filter(h -> !h.equals(host)).map(Lab::address).toList();
    List<String> rules = new ArrayList<>();
    rules.add("22/tcp ALLOW Anywhere # steward:never-block-22");
    rules.add("22/tcp (v6) ALLOW Anywhere (v6) # steward:never-block-22");
    for (String source : List.of(others.get(0), others.get(1), HARNESS)) {
      rules.add("2181/tcp ALLOW " + source + " # steward:zk-client-" + source);
    }
    for (String other : others) {
      rules.add("2888/tcp ALLOW " + other + " # steward:zk-peer-" + other);
      rules.add("3888/tcp ALLOW " + other + " # steward:zk-election-" + other);
    }
    for (String source : List.of("10.77.0.0/24", others.get(0), others.get(1), HARNESS)) {
      rules.add("9092/tcp ALLOW " + source + " # steward:kafka-" + source);
    }
    if (CONNECT_HOSTS.contains(host)) {
      for (String worker : CONNECT_HOSTS) {
        if (!worker.equals(host)) {
          String source = Lab.address(worker);
          rules.add("8083/tcp ALLOW " + source + " # steward:connect-rest-" + source);
        }
      }
      rules.add("8083/tcp ALLOW " + HARNESS + " # steward:connect-rest-" + HARNESS);
    }
    rules.add(Lab.AGENT_PORT + "/tcp ALLOW " + HARNESS + " # steward:agent-" + HARNESS);
    return rules;
  }

  /** "host id" -> status of every resource an apply/plan JSON reports as other than unchanged. */
  private static Map<String, String> changedResources(JsonNode result) {
    Map<String, String> changed = new TreeMap<>();
    for (JsonNode phase : result.get("phases")) {
      for (JsonNode host : phase.get("hosts")) {
        assertThat(host.has("error")).as(host.toString()).isFalse();
        for (JsonNode resource : host.get("resources")) {
          if (!resource.get("status").asText().equals("unchanged")) {
            changed.put(host.get("host").asText() + " " + resource.get("id").asText(), resource.get("status").asText());
          }
        }
      }
    }
    return changed;
  }

  private static int resourceCount(JsonNode result) {
    int count = 0;
    for (JsonNode phase : result.get("phases")) {
      for (JsonNode host : phase.get("hosts")) {
        count += host.get("resources").size();
      }
    }
    return count;
  }

  private static String diff(JsonNode result, String host, String id) {
    for (JsonNode phase : result.get("phases")) {
      for (JsonNode node : phase.get("hosts")) {
        if (node.get("host").asText().equals(host)) {
          for (JsonNode resource : node.get("resources")) {
            if (resource.get("id").asText().equals(id)) {
              return resource.get("diff").asText();
            }
          }
        }
      }
    }
    throw new AssertionError("no " + id + " on " + host);
  }

  /** The host x check table of a failed preflight: host -> column -> ok/WARN/FAIL. */
  private static Map<String, Map<String, String>> preflightTable(String output) {
    List<String> lines = output.lines().toList();
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("HOST ") && lines.get(i).contains("memory")) {
        header = i;
        break;
      }
    }
    assertThat(header).as("a host x check table in:\n" + output).isNotNegative();
    List<String> columns = List.of(lines.get(header).trim().split("\\s+"));
    Map<String, Map<String, String>> table = new TreeMap<>();
    for (int i = header + 1; i < lines.size(); i++) {
      List<String> cells = List.of(lines.get(i).trim().split("\\s+"));
      if (cells.size() != columns.size() || !Lab.HOSTS.contains(cells.get(0))) {
        break;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 1; c < columns.size(); c++) {
        row.put(columns.get(c), cells.get(c));
      }
      table.put(cells.get(0), row);
    }
    return table;
  }

  /**
   * Everything apply could touch on every host, as text to compare: every file, directory and link
   * under the paths Steward manages (type, mode, owner, size, link target) with the SHA-256 of every
   * file, the kernel settings it tunes, ufw, and the units it would add.
   */
  private static Map<String, String> snapshots() throws Exception {
    String paths = "/opt /etc/systemd/system /etc/sysctl.d /etc/ufw /etc/steward /etc/passwd /etc/group /var/lib";
    String script = "find " + paths + " -xdev -path /var/lib/systemd -prune -o -printf '%y %m %u:%g %s %p %l\\n' "
        + "| sort; find " + paths + " -xdev -path /var/lib/systemd -prune -o -type f -exec sha256sum {} + | sort; "
        + "sysctl " + String.join(" ", GUIDE_SYSCTL.keySet()) + "; ufw status verbose; "
        + "systemctl list-unit-files --no-legend 'zookeeper*' 'kafka*'; "
        + "systemctl list-units --all --no-legend 'zookeeper*' 'kafka*'";
    Map<String, String> snapshots = new TreeMap<>();
    for (String host : Lab.HOSTS) {
      snapshots.put(host, sh(host, script));
    }
    return snapshots;
  }

  /** The agent's state directory (artifacts by name only), as sha256sum lines. */
  private static String agentState(String host) throws Exception {
    return sh(host, "cd /var/lib/steward && find . -type f | sort | grep -v '^./artifacts/' | xargs sha256sum; "
        + "ls -l artifacts");
  }

  private static List<JsonNode> audit(String host) throws Exception {
    StewardCli.Run audit = steward("audit", "-i", inventory.toString(), host, "-o", "json", "--limit", "10000");
    assertThat(audit.exitCode()).as(audit.toString()).isZero();
    List<JsonNode> entries = new ArrayList<>();
    JSON.readTree(audit.stdout()).get("entries").forEach(entries::add);
    return entries;
  }
}
