package dev.steward.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.gate.SimulatedTime;
import dev.steward.coordinator.progress.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The executor's sequencing and journaling, over a simulated cluster in simulated time (no real time passes). */
class RollingRestartTest {

  @TempDir
  Path dir;

  /** Every wait of the rollout is spent here: one poll interval of it is one tick of the cluster. */
  private final SimulatedTime time = new SimulatedTime();
  private final SimulatedCluster cluster = new SimulatedCluster(time.wallClock());

  /** @param readyTimeout how long a broker or a Connect worker may take to be ready (ZooKeeper: 30s) */
  private RollingRestart executor(RolloutStore store, Duration readyTimeout) {
    return executor(store, readyTimeout, Progress.silent());
  }

  private RollingRestart executor(RolloutStore store, Duration readyTimeout, Progress progress) {
    RollingRestart.Timing timing = new RollingRestart.Timing(Duration.ofSeconds(30), readyTimeout,
        Duration.ofSeconds(5), Duration.ofMillis(100));
    time.onSleep(cluster::tick);
    return new RollingRestart(cluster, store, progress, timing, time.wallClock(), time);
  }

  private static Progress recordingTo(StringWriter messages) {
    return Progress.to(new PrintWriter(messages, true), false);
  }

  private static RolloutState restartAll() {
    return new RolloutState("r1", "test", "restart", "/tmp/inventory.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(Map.of("zookeeper", List.of("h1", "h2", "h3"), "kafka", List.of("h1", "h2", "h3"))), List.of(),
        "RESTART_REASON_KIND_MANUAL", null, null, null, null, null, 1, 0);
  }

  @Test
  void followersBeforeTheZooKeeperLeaderAndTheControllerLast() throws Exception {
    RollingRestart.Outcome outcome = executor(new RolloutStore(dir), Duration.ofSeconds(30)).run(restartAll());

    assertThat(outcome.completed()).as(outcome.message()).isTrue();
    assertThat(cluster.restarts).containsExactly(
        "zookeeper:h1", "zookeeper:h3", "zookeeper:h2",
        "kafka:h1", "kafka:h3", "kafka:h2");
  }

  @Test
  void neverTwoNodesOfAServiceDownAtOnce() throws Exception {
    cluster.pollsToCatchUp = 6;

    executor(new RolloutStore(dir), Duration.ofSeconds(30)).run(restartAll());

    assertThat(cluster.restarts).hasSize(6);
    assertThat(cluster.maxDownAtOnce).isEqualTo(1);
  }

  @Test
  void connectWorkersRollLastOneAtATimeEachOnlyOnceItsConnectorsRunAgain() throws Exception {
    cluster.pollsToCatchUp = 4;
    RolloutState all = new RolloutState("r3", "test", "restart", "/tmp/inventory.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(Map.of("kafka-connect", List.of("h1", "h2", "h3"), "kafka", List.of("h1"))),
        List.of(), "RESTART_REASON_KIND_MANUAL", null, null, null, null, null, 1, 0);

    RollingRestart.Outcome outcome = executor(new RolloutStore(dir), Duration.ofSeconds(30)).run(all);

    assertThat(outcome.completed()).as(outcome.message()).isTrue();
    assertThat(cluster.restarts).containsExactly("kafka:h1", "kafka-connect:h1", "kafka-connect:h2", "kafka-connect:h3");
    assertThat(cluster.maxDownAtOnce).isEqualTo(1);
    assertThat(cluster.connect().runningUnits()).hasSize(6);
  }

  @Test
  void aWorkerThatStaysDownHaltsTheConnectRollWithoutTouchingAnother() throws Exception {
    cluster.neverReady.add("kafka-connect:h1");
    RolloutState connectOnly = new RolloutState("r4", "test", "restart", "/tmp/inventory.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(Map.of("kafka-connect", List.of("h1", "h2", "h3"))), List.of(),
        "RESTART_REASON_KIND_MANUAL", null, null, null, null, null, 1, 0);

    RollingRestart.Outcome outcome = executor(new RolloutStore(dir), Duration.ofSeconds(2)).run(connectOnly);

    assertThat(outcome.completed()).isFalse();
    assertThat(outcome.message()).contains("h1");
    assertThat(cluster.restarts).containsExactly("kafka-connect:h1");
  }

  @Test
  void everyStepIsJournaledAndTheFinishedRolloutMovesToHistory() throws Exception {
    RolloutStore store = new RolloutStore(dir);

    executor(store, Duration.ofSeconds(30)).run(restartAll());

    assertThat(store.current()).isEmpty();
    RolloutState last = store.last().orElseThrow();
    assertThat(last.status()).isEqualTo(RolloutState.DONE);
    assertThat(last.steps()).allMatch(RolloutStep::done).allMatch(s -> s.timings() != null);
  }

  @Test
  void resumeFinishesTheInFlightStepWithoutRestartingItAgainAndNeverRepeatsADoneStep() throws Exception {
    RolloutStore store = new RolloutStore(dir);
    RolloutState crashed = restartAll();
    for (String host : List.of("h1", "h2", "h3")) {
      crashed = crashed.withStep(crashed.step("zookeeper", host).orElseThrow().finished(2, null));
    }
    crashed = crashed.withStep(crashed.step("kafka", "h1").orElseThrow().finished(3, null));
    RolloutStep inFlight = crashed.step("kafka", "h3").orElseThrow().started("r1-kafka-h3", "broker 3", 101, 4);
    crashed = crashed.withStep(inFlight);
    // The crashed coordinator's restart reached the agent before it died.
    cluster.alreadyExecuted("r1-kafka-h3", "kafka", "h3");

    RollingRestart.Outcome outcome = executor(store, Duration.ofSeconds(30)).run(crashed);

    assertThat(outcome.completed()).as(outcome.message()).isTrue();
    assertThat(cluster.restarts).containsExactly("kafka:h3", "kafka:h2");
    assertThat(cluster.maxDownAtOnce).isEqualTo(1);
  }

  @Test
  void brokerThatDoesNotComeBackHaltsAndLeavesTheOthersUntouched() throws Exception {
    RolloutStore store = new RolloutStore(dir);
    cluster.neverReady.add("kafka:h1");

    RollingRestart.Outcome outcome = executor(store, Duration.ofMillis(300)).run(restartAll());

    assertThat(outcome.completed()).isFalse();
    assertThat(outcome.message()).contains("broker 1").contains("rollout resume");
    assertThat(time.elapsed()).as("the ready timeout passed, in simulated time").isGreaterThanOrEqualTo(
        Duration.ofMillis(300));
    assertThat(cluster.restarts).containsExactly("zookeeper:h1", "zookeeper:h3", "zookeeper:h2", "kafka:h1");
    RolloutState journaled = store.current().orElseThrow();
    assertThat(journaled.status()).isEqualTo(RolloutState.HALTED);
    assertThat(journaled.step("kafka", "h1").orElseThrow().status()).isEqualTo(RolloutStep.IN_PROGRESS);
    assertThat(journaled.step("kafka", "h3").orElseThrow().status()).isEqualTo(RolloutStep.PENDING);
  }

  @Test
  void haltedRolloutResumesOnceTheBrokerIsBack() throws Exception {
    RolloutStore store = new RolloutStore(dir);
    cluster.neverReady.add("kafka:h1");
    executor(store, Duration.ofMillis(300)).run(restartAll());
    cluster.neverReady.clear();

    RollingRestart.Outcome resumed = executor(store, Duration.ofSeconds(30)).run(store.current().orElseThrow());

    assertThat(resumed.completed()).as(resumed.message()).isTrue();
    assertThat(cluster.restarts).containsExactly("zookeeper:h1", "zookeeper:h3", "zookeeper:h2",
        "kafka:h1", "kafka:h3", "kafka:h2");
  }

  @Test
  void topicWithMinIsrEqualToReplicationFactorStopsBeforeAnyBrokerNamingTheTopic() throws Exception {
    cluster.minIsrOverrides.put("orders", 3);
    RolloutState kafkaOnly = new RolloutState("r2", "test", "restart", "/tmp/inventory.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(Map.of("kafka", List.of("h1", "h2", "h3"))), List.of(), "RESTART_REASON_KIND_MANUAL",
        null, null, null, null, null, 1, 0);

    RollingRestart.Outcome outcome = executor(new RolloutStore(dir), Duration.ofSeconds(30)).run(kafkaOnly);

    assertThat(outcome.completed()).isFalse();
    assertThat(outcome.message()).contains("orders").contains("--allow-unavailable");
    assertThat(cluster.restarts).isEmpty();
  }

  @Test
  void upgradePreparesEachHostOnceJustBeforeItsFirstRestart() throws Exception {
    RolloutState upgrade = new RolloutState("u1", "test", "upgrade", "/tmp/inventory.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(Map.of("zookeeper", List.of("h1", "h2", "h3"), "kafka", List.of("h1", "h2", "h3"))), List.of(), null,
        "3.9.1", "3.8", "/tmp/kafka.tgz", "ab", null, 1, 0);

    executor(new RolloutStore(dir), Duration.ofSeconds(30)).run(upgrade);

    assertThat(cluster.restarts).containsExactly(
        "prepare:h1", "zookeeper:h1", "prepare:h3", "zookeeper:h3", "prepare:h2", "zookeeper:h2",
        "kafka:h1", "kafka:h3", "kafka:h2");
  }

  @Test
  void secondRolloutIsRefusedWhileTheLockIsHeld() throws Exception {
    RolloutStore store = new RolloutStore(dir);
    java.nio.file.Files.createDirectories(dir);
    // Our own test JVM is alive, so a lock naming its parent process (also alive) is held by someone else.
    java.nio.file.Files.writeString(dir.resolve("lock"), Long.toString(ProcessHandle.current().parent().orElseThrow().pid()));

    Optional<String> refused = Optional.empty();
    try (RolloutStore.Lock lock = store.lock()) {
      refused = Optional.of("taken");
    } catch (RolloutStore.RolloutLockedException e) {
      refused = Optional.of(e.getMessage());
    }

    assertThat(refused).get().asString().contains("another rollout of this cluster is running");
  }

  @Test
  void lockOfADeadCoordinatorIsTakenOver() throws Exception {
    RolloutStore store = new RolloutStore(dir);
    java.nio.file.Files.writeString(dir.resolve("lock"), "999999999");

    try (RolloutStore.Lock lock = store.lock()) {
      assertThat(java.nio.file.Files.readString(dir.resolve("lock"))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }
    assertThat(dir.resolve("lock")).doesNotExist();
  }

  private RolloutState kafkaH3InFlight() {
    RolloutState crashed = restartAll();
    for (String host : List.of("h1", "h2", "h3")) {
      crashed = crashed.withStep(crashed.step("zookeeper", host).orElseThrow().finished(2, null));
    }
    crashed = crashed.withStep(crashed.step("kafka", "h1").orElseThrow().finished(3, null));
    return crashed.withStep(crashed.step("kafka", "h3").orElseThrow()
        .started("r1-kafka-h3", "broker 3", 101, time.wallClock().millis()));
  }

  @Test
  void agentKilledBeforeTouchingTheServiceGetsTheRestOfTheStepUnderANewOperationId() throws Exception {
    RolloutStore store = new RolloutStore(dir);
    cluster.interruptedAfterRestart.put("r1-kafka-h3", false);
    cluster.restart("h3", "kafka", "r1-kafka-h3", null);
    cluster.restarts.clear();

    RollingRestart.Outcome outcome = executor(store, Duration.ofSeconds(30)).run(kafkaH3InFlight());

    assertThat(outcome.completed()).as(outcome.message()).isTrue();
    assertThat(cluster.restarts).containsExactly("kafka:h3", "kafka:h2");
    RolloutStep step = store.last().orElseThrow().step("kafka", "h3").orElseThrow();
    assertThat(step.operationId()).isEqualTo("r1-kafka-h3-again1");
    assertThat(step.note()).contains("is not running").contains("new operation id");
    assertThat(cluster.maxDownAtOnce).isEqualTo(1);
  }

  @Test
  void agentKilledAfterRestartingTheServiceCountsTheStepDoneWithoutASecondRestart() throws Exception {
    RolloutStore store = new RolloutStore(dir);
    cluster.interruptedAfterRestart.put("r1-kafka-h3", true);
    RolloutState inFlight = kafkaH3InFlight();
    time.advance(Duration.ofMillis(2));
    cluster.restart("h3", "kafka", "r1-kafka-h3", null);

    RollingRestart.Outcome outcome = executor(store, Duration.ofSeconds(30)).run(inFlight);

    assertThat(outcome.completed()).as(outcome.message()).isTrue();
    assertThat(cluster.restarts).containsExactly("kafka:h3", "kafka:h2");
    RolloutStep step = store.last().orElseThrow().step("kafka", "h3").orElseThrow();
    assertThat(step.operationId()).isEqualTo("r1-kafka-h3");
    assertThat(step.note()).contains("counted done");
  }

  @Test
  void agentKilledInTheMiddleOfEveryAttemptHaltsInsteadOfLooping() throws Exception {
    RolloutStore store = new RolloutStore(dir);
    for (String id : List.of("r1-kafka-h3", "r1-kafka-h3-again1", "r1-kafka-h3-again2")) {
      cluster.interruptedAfterRestart.put(id, false);
    }

    RollingRestart.Outcome outcome = executor(store, Duration.ofSeconds(30)).run(kafkaH3InFlight());

    assertThat(outcome.completed()).isFalse();
    assertThat(outcome.message()).contains("restarted in the middle of 3 restarts");
    assertThat(cluster.operationsSent).containsExactly("r1-kafka-h3", "r1-kafka-h3-again1", "r1-kafka-h3-again2");
    assertThat(store.current().orElseThrow().step("kafka", "h3").orElseThrow().operationId())
        .as("a resume goes on with an id the agent has not seen").isEqualTo("r1-kafka-h3-again2");
  }

  @Test
  void operationIdsAfterAnInterruptionAreNeverReused() {
    assertThat(RollingRestart.nextOperationId("r1-kafka-h3")).isEqualTo("r1-kafka-h3-again1");
    assertThat(RollingRestart.nextOperationId("r1-kafka-h3-again1")).isEqualTo("r1-kafka-h3-again2");
    assertThat(RollingRestart.nextOperationId("r1-kafka-h3-again9")).isEqualTo("r1-kafka-h3-again10");
  }

  @Test
  void brokerKilledDuringTheRollIsWaitedForByNameAndNoOtherBrokerStopsWhileItIsDown() throws Exception {
    RolloutStore store = new RolloutStore(dir);
    StringWriter messages = new StringWriter();
    RollingRestart.Timing timing = new RollingRestart.Timing(Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofMillis(100));
    RolloutState kafkaOnly = new RolloutState("r1", "test", "restart", "/tmp/inventory.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(Map.of("kafka", List.of("h1", "h2"))), List.of(),
        "RESTART_REASON_KIND_MANUAL", null, null, null, null, null, 1, 0);
    int[] ticks = {0};
    time.onSleep(() -> {
      if (++ticks[0] == 2) {
        // killed from outside while broker 1 catches up; ZooKeeper and the ISR still list it
        cluster.killBroker("h3", 6, 4);
      }
      cluster.tick();
    });
    RollingRestart executor = new RollingRestart(cluster, store, recordingTo(messages), timing, time.wallClock(), time);

    RollingRestart.Outcome outcome = executor.run(kafkaOnly);

    assertThat(outcome.completed()).as(outcome.message()).isTrue();
    assertThat(cluster.restartsWhileAnotherDown).as("no broker stopped while another was down").isZero();
    assertThat(cluster.restarts).containsExactly("kafka:h1", "kafka:h2");
    assertThat(messages.toString().lines()).anyMatch(m -> m.contains("broker 3 on h3") && m.contains("down"));
  }

  private static RolloutState restartOf(String service, String... hosts) {
    return new RolloutState("r5", "test", "restart", "/tmp/inventory.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(Map.of(service, List.of(hosts))), List.of(), "RESTART_REASON_KIND_MANUAL",
        null, null, null, null, null, 1, 0);
  }

  @Test
  void aKafkaSnapshotThatCannotBeTakenIsWaitedForWithItsReasonAndTheRollGoesOnOnceItCan() throws Exception {
    StringWriter messages = new StringWriter();
    cluster.kafkaSnapshotFailures = 3;

    RollingRestart.Outcome outcome = executor(new RolloutStore(dir), Duration.ofSeconds(30), recordingTo(messages))
        .run(restartOf("kafka", "h1", "h2", "h3"));

    assertThat(outcome.completed()).as(outcome.message()).isTrue();
    assertThat(messages.toString()).contains("waiting: cannot observe the cluster: describeTopics timed out");
    assertThat(cluster.restarts).containsExactly("kafka:h1", "kafka:h3", "kafka:h2");
  }

  @Test
  void aKafkaSnapshotThatNeverComesHaltsAtTheAvailabilityTimeoutWithNoBrokerTouched() throws Exception {
    cluster.kafkaSnapshotFailures = Integer.MAX_VALUE;

    RollingRestart.Outcome outcome = executor(new RolloutStore(dir), Duration.ofSeconds(30))
        .run(restartOf("kafka", "h1", "h2", "h3"));

    assertThat(outcome.completed()).isFalse();
    assertThat(outcome.message()).contains("gave up waiting after 5s: cannot observe the cluster");
    assertThat(cluster.restarts).isEmpty();
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  @Timeout(20)
  void anAgentThatNeverAnswersHaltsTheRollAtTheAvailabilityTimeoutInsteadOfWaitingForever() throws Exception {
    // The Connect workers answer over REST, so the roller sees them healthy; only the agents' check before
    // each stop (rule 15) cannot tell whether h2's worker runs. That wait, too, ends at the timeout (rule 12).
    cluster.silentAgents.add("h2");

    RollingRestart.Outcome outcome = executor(new RolloutStore(dir), Duration.ofSeconds(30))
        .run(restartOf("kafka-connect", "h1", "h2", "h3"));

    assertThat(outcome.completed()).isFalse();
    assertThat(outcome.message()).contains("gave up waiting after 5s").contains("kafka-connect on h2 cannot be observed");
    assertThat(cluster.restarts).isEmpty();
  }
}
