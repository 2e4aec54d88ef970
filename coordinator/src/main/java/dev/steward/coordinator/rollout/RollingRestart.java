package dev.steward.coordinator.rollout;

import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.common.service.ConnectService;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.Services;
import dev.steward.common.service.ZooKeeperService;
import dev.steward.coordinator.connect.ConnectReadiness;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.gate.Gate;
import dev.steward.coordinator.gate.GateTimeoutException;
import dev.steward.coordinator.gate.WaitClock;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.ServiceProcess;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import dev.steward.coordinator.progress.Progress;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Executes a journaled rollout: one service after another in start order (ZooKeeper, Kafka,
 * Connect), one node at a time, each step chosen by the service's roller ({@link ZooKeeperRoller},
 * {@link KafkaRoller}, {@link ConnectRoller}) from a fresh snapshot and followed by its readiness
 * gate (docs/rollouts.md). Every step is written to the journal before it is acted on, so a
 * coordinator that dies anywhere can be resumed: an in-flight step is finished first (its
 * restart is re-sent under the same operation id, which the agent does not execute twice),
 * and a finished step is never repeated. Nothing here ever has two nodes of one service down.
 *
 * <p>A gate that times out, a roller that says stop, or a failed agent call halts the rollout:
 * the journal says "halted" with the reason, and every node not yet restarted stays untouched.
 */
public final class RollingRestart {

  /** Timeouts and pacing; a zero timeout waits forever. */
  public record Timing(Duration zookeeperReady, Duration brokerReady, Duration availability, Duration poll) {
  }

  /** How the rollout ended. */
  public record Outcome(RolloutState state, boolean completed, String message) {
  }

  private final RolloutCluster cluster;
  private final RolloutStore store;
  private final Progress progress;
  private final Timing timing;
  private final Clock clock;
  private final WaitClock waits;

  /**
   * @param clock wall time, for the journal's timestamps (and comparing them with ZooKeeper's and the agents')
   * @param waits the time every wait and timeout of the rollout is measured and spent in (docs/rollouts.md rule 12)
   */
  public RollingRestart(RolloutCluster cluster, RolloutStore store, Progress progress, Timing timing, Clock clock,
      WaitClock waits) {
    this.cluster = cluster;
    this.store = store;
    this.progress = progress;
    this.timing = timing;
    this.clock = clock;
    this.waits = waits;
  }

  /** Runs (or resumes) the rollout until it is done or halts. */
  public Outcome run(RolloutState initial) throws IOException, InterruptedException {
    RolloutState state = initial.withStatus(RolloutState.RUNNING, null, 0);
    store.save(state);
    warmedUp = state.steps("kafka").isEmpty();
    try {
      for (String service : Services.names()) {
        state = stage(state, service);
      }
      state = state.withStatus(RolloutState.DONE, null, clock.millis());
      store.save(state);
      return new Outcome(state, true, "rollout " + state.id() + " done");
    } catch (HaltException e) {
      RolloutState halted = e.state.withStatus(RolloutState.HALTED, e.getMessage(), 0);
      store.save(halted);
      progress.warn("halted: " + e.getMessage());
      return new Outcome(halted, false, e.getMessage() + "\nNodes not yet restarted were not touched. Fix the cause, then "
          + "run `steward rollout resume -i " + halted.inventory() + "` (or `steward rollout abort`).");
    }
  }

  private RolloutState stage(RolloutState state, String service) throws IOException, InterruptedException {
    if (state.steps(service).isEmpty()) {
      return state;
    }
    progress.phase(service + " roll");
    long stageStart = waits.nanoTime();
    // A step left in flight by a crashed coordinator is finished before anything else is decided.
    RolloutState current = state;
    for (RolloutStep step : current.steps(service)) {
      if (RolloutStep.IN_PROGRESS.equals(step.status())) {
        progress.info("resuming " + service + " on " + step.host() + " (operation " + step.operationId() + ")");
        current = execute(current, step, step.why() == null ? "resumed" : step.why(), 0);
      }
    }
    WaitBeforeStep wait = new WaitBeforeStep();
    while (true) {
      RollDecision decision = Rollers.next(service, cluster, remaining(current, service),
          Set.copyOf(current.acceptedTopics()));
      if (decision instanceof RollDecision.Done) {
        progress.phaseDone(service + " roll", waits.since(stageStart));
        return current;
      }
      if (decision instanceof RollDecision.Stop stop) {
        throw new HaltException(current, stop.reason());
      }
      if (decision instanceof RollDecision.Wait notYet) {
        wait.poll(current, notYet.reason());
        continue;
      }
      RollDecision.Restart restart = (RollDecision.Restart) decision;
      java.util.Optional<String> blocker = anotherNodeDown(service, restart.host());
      if (blocker.isPresent()) {
        // The decision's snapshot is a few milliseconds old and a node may have died since:
        // the agents know first, so their answer right before the stop is what counts.
        wait.poll(current, blocker.get());
        continue;
      }
      RolloutStep step = current.step(service, restart.host()).orElseThrow();
      current = execute(current, step, restart.why(), wait.end());
    }
  }

  /**
   * The wait before one step, whatever it waits for from one poll to the next (the rollers'
   * reasons, a node the agents report down): the availability timeout bounds all of it together
   * (docs/rollouts.md rule 12; a zero timeout waits forever).
   */
  private final class WaitBeforeStep {
    private long startNanos = -1;
    private String lastReason = "";

    /** One poll interval of waiting, or the halt once the wait has lasted the availability timeout. */
    void poll(RolloutState state, String reason) throws InterruptedException {
      if (startNanos < 0) {
        startNanos = waits.nanoTime();
      }
      if (!reason.equals(lastReason)) {
        progress.info("waiting: " + reason);
        lastReason = reason;
      }
      Duration waited = waits.since(startNanos);
      if (!timing.availability().isZero() && waited.compareTo(timing.availability()) >= 0) {
        throw new HaltException(state, "gave up waiting after " + waited.toSeconds() + "s: " + reason);
      }
      waits.sleep(timing.poll());
    }

    /** The step may go: how long it waited, in milliseconds. */
    long end() {
      long millis = startNanos < 0 ? 0 : waits.since(startNanos).toMillis();
      startNanos = -1;
      lastReason = "";
      return millis;
    }
  }

  /** Another node of the service that its agent reports down (or cannot tell) right now, if any. */
  private java.util.Optional<String> anotherNodeDown(String service, String host) {
    List<String> others = cluster.hosts(service).stream().filter(other -> !other.equals(host)).toList();
    for (Map.Entry<String, RolloutCluster.ProcessReading> reading : cluster.processes(others, service).entrySet()) {
      String other = reading.getKey();
      if (reading.getValue().failure() != null) {
        return java.util.Optional.of(service + " on " + other + " cannot be observed ("
            + Errors.rootMessage(reading.getValue().failure()) + "); " + service + " on " + host
            + " is not stopped until it can");
      }
      ServiceProcess process = reading.getValue().process();
      if (!process.running()) {
        return java.util.Optional.of(service + " on " + other + " is " + process.describe() + "; " + service + " on "
            + host + " is not stopped while another " + service + " node is down");
      }
    }
    return java.util.Optional.empty();
  }

  private Set<String> remaining(RolloutState state, String service) {
    Set<String> remaining = new LinkedHashSet<>();
    for (RolloutStep step : state.steps(service)) {
      if (!step.done()) {
        remaining.add(step.host());
      }
    }
    return remaining;
  }

  private RolloutState execute(RolloutState state, RolloutStep step, String why, long gateMillis)
      throws IOException, InterruptedException {
    String host = step.host();
    String service = step.service();
    RolloutState current = state;
    long prepareMillis = 0;
    if (!"restart".equals(current.kind()) && !step.prepared()) {
      progress.step(host, "installing " + describeTarget(current));
      long start = waits.nanoTime();
      try {
        cluster.prepare(host, current.id() + "-prepare-" + host);
      } catch (RuntimeException e) {
        throw new HaltException(current, "preparing " + host + " failed: " + Errors.rootMessage(e));
      }
      prepareMillis = waits.since(start).toMillis();
      // Every step on this host shares the preparation (ZooKeeper's and the broker's).
      for (RolloutStep sibling : current.steps()) {
        if (sibling.host().equals(host)) {
          current = current.withStep(sibling.preparedNow());
        }
      }
      step = current.step(service, host).orElseThrow();
      store.save(current);
    }
    boolean resumed = RolloutStep.IN_PROGRESS.equals(step.status());
    String operationId = resumed ? step.operationId() : current.id() + "-" + service + "-" + host;
    long registrationBefore = step.registrationBefore();
    if (service.equals(ConnectService.NAME)) {
      // a resumed step's worker may already be down: then what runs now is all it can be held to
      connectRunningBefore = cluster.connect().runningUnits();
    }
    if (!resumed) {
      registrationBefore = service.equals(KafkaService.NAME)
          ? cluster.registrationId(cluster.brokerId(host)).orElse(-1) : -1;
      step = step.started(operationId, why, registrationBefore, clock.millis());
      current = current.withStep(step);
      store.save(current);
    }
    progress.step(host, resumed ? "re-sending the restart of " + service + " (operation " + operationId
        + ", in flight when the rollout stopped)" : "restarting " + service + " (" + why + ")");
    long restartStart = waits.nanoTime();
    current = restartThroughAgent(current, step);
    step = current.step(service, host).orElseThrow();
    long restartMillis = waits.since(restartStart).toMillis();
    warmUpKafkaClients();
    progress.step(host, service + " restarted, waiting until it is ready");
    long readyStart = waits.nanoTime();
    long detectionLag = -1;
    switch (service) {
      case ZooKeeperService.NAME -> awaitZooKeeperReady(current, host);
      case KafkaService.NAME -> detectionLag = awaitBrokerReady(current, host, registrationBefore);
      default -> awaitConnectReady(current, host, connectRunningBefore);
    }
    long catchUpMillis = waits.since(readyStart).toMillis();
    long electionMillis = 0;
    if (service.equals(KafkaService.NAME)) {
      long electionStart = waits.nanoTime();
      try {
        cluster.electPreferredLeaders(cluster.brokerId(host));
      } catch (RuntimeException e) {
        // Leadership balance is not worth halting for: the automatic rebalance fixes it later.
        progress.warn("preferred-leader election for broker " + cluster.brokerId(host) + " failed: "
            + Errors.rootMessage(e));
      }
      electionMillis = waits.since(electionStart).toMillis();
    }
    step = step.finished(clock.millis(), new RolloutStep.StepTimings(gateMillis, prepareMillis, restartMillis,
        catchUpMillis, detectionLag, electionMillis));
    current = current.withStep(step);
    store.save(current);
    progress.step(host, service + " ready");
    return current;
  }

  /** Agent restarts in the middle of one step after which the step halts rather than try again. */
  private static final int MAX_INTERRUPTIONS = 3;

  /**
   * Sends the step's restart; when the agent was restarted in the middle of it, looks at the
   * service and either counts the step done or sends the rest under a new operation id, and
   * journals which (docs/rollouts.md rule 16).
   */
  private RolloutState restartThroughAgent(RolloutState state, RolloutStep initial)
      throws IOException {
    RolloutState current = state;
    RolloutStep step = initial;
    String host = step.host();
    String service = step.service();
    for (int interruptions = 0; ; interruptions++) {
      RolloutCluster.RestartOutcome outcome;
      try {
        outcome = cluster.restart(host, service, step.operationId(), reasonFor(current));
      } catch (RuntimeException e) {
        throw new HaltException(current, "restarting " + service + " on " + host + " failed: "
            + Errors.rootMessage(e));
      }
      if (outcome == RolloutCluster.RestartOutcome.REPLAYED) {
        progress.step(host, service + " had already been restarted by operation " + step.operationId()
            + " (the agent finished it before the rollout stopped): not restarted again");
        return current;
      }
      if (outcome == RolloutCluster.RestartOutcome.RESTARTED) {
        return current;
      }
      if (interruptions + 1 >= MAX_INTERRUPTIONS) {
        throw new HaltException(current, "the agent of " + host + " was restarted in the middle of "
            + (interruptions + 1) + " restarts of " + service + " in a row; look at its log before resuming");
      }
      InterruptedRestart.Resolution resolution;
      try {
        resolution = InterruptedRestart.resolve(cluster.process(host, service), step.startedAtMillis());
      } catch (RuntimeException e) {
        throw new HaltException(current, "operation " + step.operationId() + " was interrupted by an agent restart "
            + "and " + Errors.rootMessage(e));
      }
      progress.step(host, resolution.explanation());
      String nextId = resolution.countedDone() ? step.operationId() : nextOperationId(step.operationId());
      step = step.noted(nextId, resolution.explanation());
      current = current.withStep(step);
      store.save(current);
      if (resolution.countedDone()) {
        return current;
      }
    }
  }

  private static final java.util.regex.Pattern AGAIN = java.util.regex.Pattern.compile("^(.*)-again(\\d+)$");

  /** "r1-kafka-h1" -> "r1-kafka-h1-again1" -> "r1-kafka-h1-again2": never an id the agent has seen. */
  static String nextOperationId(String operationId) {
    java.util.regex.Matcher again = AGAIN.matcher(operationId);
    return again.matches() ? again.group(1) + "-again" + (Integer.parseInt(again.group(2)) + 1)
        : operationId + "-again1";
  }

  private boolean warmedUp;
  private Set<String> connectRunningBefore = Set.of();

  /**
   * While the first node restarts, the coordinator only waits: the time to open the clients
   * the Kafka stage needs (ZooKeeper session, Admin). Not earlier, where it would compete for
   * the CPU with the first decision.
   */
  private void warmUpKafkaClients() {
    if (warmedUp) {
      return;
    }
    warmedUp = true;
    Thread warmUp = new Thread(cluster::warmUp, "rollout-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  private static RestartReasonKind reasonFor(RolloutState state) {
    return switch (state.kind()) {
      case "upgrade" -> RestartReasonKind.RESTART_REASON_KIND_UPGRADE;
      case "protocol" -> RestartReasonKind.RESTART_REASON_KIND_PROTOCOL_BUMP;
      default -> state.reason() == null || state.reason().isEmpty()
          ? RestartReasonKind.RESTART_REASON_KIND_MANUAL
          : RestartReasonKind.valueOf(state.reason());
    };
  }

  private static String describeTarget(RolloutState state) {
    return "protocol".equals(state.kind()) ? "the unpinned inter.broker.protocol.version"
        : "Kafka " + state.targetVersion();
  }

  /** Rule 7: the node serves as leader or follower and the whole ensemble is synced again. */
  private void awaitZooKeeperReady(RolloutState state, String host) throws InterruptedException {
    awaitReady(state, "zookeeper on " + host + " back in a fully synced ensemble", timing.zookeeperReady(),
        cluster::ensemble,
        ensemble -> ensemble.fullySynced()
            && ensemble.nodes().stream().filter(n -> n.host().equals(host)).anyMatch(ZooKeeperNodeState::serving),
        EnsembleSnapshot::describe);
  }

  /**
   * A worker is back when it answers healthy in the group again and every connector and task that
   * ran before its restart runs again (on any worker): the rebalance finished and nothing failed.
   */
  private void awaitConnectReady(RolloutState state, String host, Set<String> runningBefore)
      throws InterruptedException {
    awaitReady(state, "connect worker on " + host + " back in the group, every connector and task running again",
        timing.brokerReady(), cluster::connect,
        snapshot -> ConnectReadiness.ready(snapshot, host, runningBefore),
        snapshot -> ConnectReadiness.describe(snapshot, host, runningBefore));
  }

  /**
   * What a broker readiness poll saw; {@code registered} is null until the broker registered anew.
   * {@code othersDown} names the other brokers whose agents report them down: the reason the
   * restarted one cannot catch up, which the under-replicated count alone does not say.
   */
  private record BrokerObservation(Set<Integer> registered, KafkaSnapshot kafka, String othersDown) {

    String describe(int brokerId) {
      String own = registered == null ? "broker " + brokerId + " not registered yet"
          : BrokerReadiness.describe(brokerId, registered, kafka);
      return othersDown.isEmpty() ? own : own + "; " + othersDown;
    }
  }

  /**
   * Rule 11: registered anew (a different registration than before the restart: the old
   * session's can outlive a killed broker), live, and every partition it hosts fully in sync.
   *
   * @return how long after ZooKeeper recorded the registration Steward noticed it
   */
  private long awaitBrokerReady(RolloutState state, String host, long registrationBefore) throws InterruptedException {
    int brokerId = cluster.brokerId(host);
    long[] registeredSeenAt = {-1};
    awaitReady(state, "broker " + brokerId + " on " + host + " registered and caught up", timing.brokerReady(), () -> {
      OptionalLong registration = cluster.registrationId(brokerId);
      if (registration.isEmpty() || registration.getAsLong() == registrationBefore) {
        return new BrokerObservation(null, null, othersDown(brokerId));
      }
      if (registeredSeenAt[0] < 0) {
        registeredSeenAt[0] = clock.millis();
      }
      KafkaSnapshot kafka = cluster.kafka();
      Set<Integer> registered = cluster.registeredBrokers();
      return new BrokerObservation(registered, kafka,
          BrokerReadiness.ready(brokerId, registered, kafka) ? "" : othersDown(brokerId));
    }, seen -> seen.registered() != null && BrokerReadiness.ready(brokerId, seen.registered(), seen.kafka()),
        seen -> seen.describe(brokerId));
    OptionalLong registeredAt = cluster.registrationTime(brokerId);
    return registeredAt.isPresent() && registeredSeenAt[0] >= 0 ? Math.max(0, registeredSeenAt[0] - registeredAt.getAsLong())
        : -1;
  }

  private String othersDown(int brokerId) {
    try {
      List<String> down = cluster.brokers().stream().filter(b -> b.id() != brokerId && b.down())
          .map(b -> "broker " + b.id() + " on " + b.host()).toList();
      return down.isEmpty() ? "" : String.join(", ", down) + (down.size() == 1 ? " is" : " are")
          + " down (not part of this step): its partitions stay under-replicated until it is back";
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** A readiness gate that does not pass in time halts the rollout (resumable) instead of failing it. */
  private <S> void awaitReady(RolloutState state, String what, Duration timeout, Supplier<S> observe,
      Predicate<S> ready, Function<S, String> describe) throws InterruptedException {
    try {
      new Gate(timing.poll(), waits).await(what, observe, ready, describe, timeout, progress);
    } catch (GateTimeoutException e) {
      throw new HaltException(state, e.getMessage());
    }
  }

  /** Stops the rollout with a reason; carries the state as it was when it stopped. */
  private static final class HaltException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient RolloutState state;

    HaltException(RolloutState state, String message) {
      super(message);
      this.state = state;
    }
  }

  /** The steps a new rollout starts with: every targeted node of each service, pending, in start order. */
  public static List<RolloutStep> pendingSteps(Map<String, List<String>> hostsByService) {
    List<RolloutStep> steps = new java.util.ArrayList<>();
    for (String service : Services.names()) {
      hostsByService.getOrDefault(service, List.of()).forEach(h -> steps.add(RolloutStep.pending(service, h)));
    }
    return steps;
  }
}
