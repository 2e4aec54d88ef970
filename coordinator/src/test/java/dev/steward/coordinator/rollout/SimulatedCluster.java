package dev.steward.coordinator.rollout;

import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.connect.ConnectorStatus;
import dev.steward.coordinator.connect.TaskStatus;
import dev.steward.coordinator.connect.WorkerState;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.PartitionState;
import dev.steward.coordinator.probe.ServiceProcess;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A three-host cluster in memory, for testing the rollout executor's sequencing: a restarted
 * node is briefly down, then catching up for a few polls (ZooKeeper not yet synced, a broker's
 * partitions under-replicated), then ready. Leadership and the controller move the way they
 * do in real clusters. It records every restart and the most nodes ever down at once.
 * Observations can be made to fail, as a probe whose connection broke or an agent that does
 * not answer.
 */
final class SimulatedCluster implements RolloutCluster {

  private final Clock clock;

  private final Map<String, Integer> zkCatchUp = new HashMap<>();
  private final Map<String, Integer> brokerCatchUp = new HashMap<>();
  /** Connect workers down or rejoining, with polls left; their task is UNASSIGNED until it is back. */
  private final Map<String, Integer> workerCatchUp = new HashMap<>();
  private final Map<Integer, Long> registrations = new HashMap<>();
  private final Set<String> executedOperations = new HashSet<>();
  final List<String> restarts = new ArrayList<>();
  final Set<String> neverReady = new HashSet<>();
  final Map<String, Integer> minIsrOverrides = new HashMap<>();
  String zkLeader = "h2";
  int controller = 2;
  int maxDownAtOnce;
  int pollsToCatchUp = 3;
  private long nextZxid = 100;
  /** Operation ids whose agent is killed in the middle: true when the service had restarted by then. */
  final Map<String, Boolean> interruptedAfterRestart = new HashMap<>();
  private final Set<String> interrupted = new HashSet<>();
  private final Set<String> stopped = new HashSet<>();
  private final Map<String, Long> startedAt = new HashMap<>();
  /** Brokers killed from outside ("kafka:h3"), with polls left until their session expires, then until back. */
  private final Map<String, int[]> killed = new HashMap<>();
  final List<String> operationsSent = new ArrayList<>();
  /** Restarts the rollout sent while another node of the same service was down or catching up. */
  int restartsWhileAnotherDown;
  /** How many of the next Kafka snapshots fail, as when the Admin client cannot reach a broker. */
  int kafkaSnapshotFailures;
  /** Hosts whose agent does not answer: nothing is known of their processes. */
  final Set<String> silentAgents = new HashSet<>();

  /** @param clock the wall clock processes start by (the agents' "active since") */
  SimulatedCluster(Clock clock) {
    this.clock = clock;
    for (int id = 1; id <= 3; id++) {
      registrations.put(id, nextZxid++);
    }
  }

  /**
   * Kills a broker's process from outside: its registration stays for {@code sessionPolls}
   * polls (the ZooKeeper session), then the supervisor brings it back {@code restartPolls} later.
   */
  void killBroker(String host, int sessionPolls, int restartPolls) {
    killed.put("kafka:" + host, new int[] {sessionPolls, restartPolls});
  }

  /** One poll interval passes: nodes that are catching up get closer to ready. */
  void tick() {
    for (var it = killed.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      int id = brokerId(entry.getKey().substring("kafka:".length()));
      int[] left = entry.getValue();
      if (left[0] > 0 && --left[0] == 0) {
        registrations.remove(id);
      } else if (left[0] == 0 && --left[1] <= 0) {
        it.remove();
        registrations.put(id, nextZxid++);
        startedAt.put(entry.getKey(), clock.millis());
      }
    }
    maxDownAtOnce = Math.max(maxDownAtOnce, (int) brokerCatchUp.keySet().stream()
        .filter(h -> !killed.containsKey("kafka:" + h)).count() + killed.size());
    zkCatchUp.replaceAll((host, left) -> neverReady.contains("zookeeper:" + host) ? left : Math.max(0, left - 1));
    brokerCatchUp.replaceAll((host, left) -> neverReady.contains("kafka:" + host) ? left : Math.max(0, left - 1));
    for (Map.Entry<String, Integer> entry : brokerCatchUp.entrySet()) {
      int id = brokerId(entry.getKey());
      if (entry.getValue() < pollsToCatchUp && !registrations.containsKey(id) && !neverReady.contains("kafka:" + entry.getKey())) {
        registrations.put(id, nextZxid++);
      }
    }
    workerCatchUp.replaceAll((host, left) -> neverReady.contains("kafka-connect:" + host) ? left : Math.max(0, left - 1));
    workerCatchUp.values().removeIf(left -> left == 0);
    maxDownAtOnce = Math.max(maxDownAtOnce, workerCatchUp.size());
    zkCatchUp.values().removeIf(left -> left == 0);
    brokerCatchUp.entrySet().removeIf(e -> e.getValue() == 0);
    maxDownAtOnce = Math.max(maxDownAtOnce, zkCatchUp.size());
    maxDownAtOnce = Math.max(maxDownAtOnce, brokerCatchUp.size());
  }

  private static List<String> hosts() {
    return List.of("h1", "h2", "h3");
  }

  @Override
  public EnsembleSnapshot ensemble() {
    List<ZooKeeperNodeState> nodes = new ArrayList<>();
    int synced = 0;
    for (String host : hosts()) {
      if (!host.equals(zkLeader) && !zkCatchUp.containsKey(host)) {
        synced++;
      }
    }
    for (int i = 0; i < 3; i++) {
      String host = hosts().get(i);
      if (zkCatchUp.containsKey(host)) {
        nodes.add(ZooKeeperNodeState.unreachable(host, i + 1, "restarting"));
      } else if (host.equals(zkLeader)) {
        nodes.add(new ZooKeeperNodeState(host, i + 1, true, "leader",
            Map.of("zk_synced_followers", Integer.toString(synced), "zk_pending_syncs", "0"), ""));
      } else {
        nodes.add(new ZooKeeperNodeState(host, i + 1, true, "follower", Map.of(), ""));
      }
    }
    return new EnsembleSnapshot(nodes);
  }

  @Override
  public List<BrokerState> brokers() {
    List<BrokerState> brokers = new ArrayList<>();
    for (String host : hosts()) {
      int id = brokerId(host);
      boolean running = !killed.containsKey("kafka:" + host) && !stopped.contains("kafka:" + host);
      brokers.add(new BrokerState(id, host, running, running, registrations.containsKey(id)));
    }
    return brokers;
  }

  @Override
  public Set<Integer> registeredBrokers() {
    return new TreeSet<>(registrations.keySet());
  }

  @Override
  public OptionalLong registrationId(int brokerId) {
    Long id = registrations.get(brokerId);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  @Override
  public OptionalLong registrationTime(int brokerId) {
    return OptionalLong.empty();
  }

  @Override
  public OptionalInt controller() {
    return OptionalInt.of(controller);
  }

  @Override
  public ConnectClusterSnapshot connect() {
    List<WorkerState> workers = new ArrayList<>();
    for (String host : hosts()) {
      workers.add(workerCatchUp.containsKey(host) ? WorkerState.unhealthy(host, "http://" + host + ":8083", "restarting")
          : new WorkerState(host, "http://" + host + ":8083", true, "3.9.1", "cluster-1", ""));
    }
    // one connector per worker host, its single task running there unless the worker is away
    Map<String, ConnectorStatus> connectors = new HashMap<>();
    for (String host : hosts()) {
      String state = workerCatchUp.containsKey(host) ? "UNASSIGNED" : "RUNNING";
      connectors.put("source-" + host, new ConnectorStatus("source-" + host, state, host + ":8083", "source",
          List.of(new TaskStatus(0, state, host + ":8083", null))));
    }
    return new ConnectClusterSnapshot(workers, connectors);
  }

  @Override
  public KafkaSnapshot kafka() {
    if (kafkaSnapshotFailures > 0) {
      kafkaSnapshotFailures--;
      throw new IllegalStateException("describeTopics timed out: no broker answered");
    }
    List<PartitionState> partitions = new ArrayList<>();
    Map<String, Integer> minIsr = new HashMap<>();
    for (String topic : List.of("orders", "__consumer_offsets")) {
      for (int p = 0; p < 3; p++) {
        List<Integer> replicas = List.of(p % 3 + 1, (p + 1) % 3 + 1, (p + 2) % 3 + 1);
        // a killed broker stays in the ISR until the controller sees its session expire: stale
        List<Integer> isr = replicas.stream()
            .filter(id -> !brokerCatchUp.containsKey("h" + id))
            .filter(id -> !killed.containsKey("kafka:h" + id) || killed.get("kafka:h" + id)[0] > 0).toList();
        partitions.add(new PartitionState(topic, p, replicas, isr, isr.isEmpty() ? -1 : isr.get(0)));
      }
      minIsr.put(topic, minIsrOverrides.getOrDefault(topic, 2));
    }
    return new KafkaSnapshot(registeredBrokers(), OptionalInt.of(controller), partitions, minIsr);
  }

  @Override
  public RestartOutcome restart(String host, String service, String operationId, RestartReasonKind reason) {
    operationsSent.add(operationId);
    if (interrupted.contains(operationId)) {
      return RestartOutcome.INTERRUPTED;
    }
    Boolean restartedBeforeCrash = interruptedAfterRestart.get(operationId);
    if (restartedBeforeCrash != null) {
      interrupted.add(operationId);
      if (restartedBeforeCrash) {
        restartNow(host, service);
      } else {
        stopped.add(service + ":" + host);
      }
      return RestartOutcome.INTERRUPTED;
    }
    if (!executedOperations.add(operationId)) {
      return RestartOutcome.REPLAYED;
    }
    restartNow(host, service);
    return RestartOutcome.RESTARTED;
  }

  @Override
  public ServiceProcess process(String host, String service) {
    if (silentAgents.contains(host)) {
      throw new IllegalStateException("the agent of " + host + " does not answer");
    }
    String key = service + ":" + host;
    boolean running = !killed.containsKey(key) && !stopped.contains(key);
    return new ServiceProcess(host, service, true, running, running ? startedAt.getOrDefault(key, 0L) : 0,
        running ? -1 : 137, false, running ? "running" : "auto-restart");
  }

  @Override
  public List<String> hosts(String service) {
    return hosts();
  }

  private void restartNow(String host, String service) {
    boolean anotherDown = service.equals("kafka")
        ? killed.keySet().stream().anyMatch(k -> !k.equals("kafka:" + host)) || !brokerCatchUp.isEmpty()
        : service.equals("zookeeper") && !zkCatchUp.isEmpty();
    restartsWhileAnotherDown += anotherDown ? 1 : 0;
    stopped.remove(service + ":" + host);
    killed.remove(service + ":" + host);
    startedAt.put(service + ":" + host, clock.millis());
    restarts.add(service + ":" + host);
    if (service.equals("kafka-connect")) {
      workerCatchUp.put(host, pollsToCatchUp + 1);
    } else if (service.equals("zookeeper")) {
      zkCatchUp.put(host, pollsToCatchUp + 1);
      if (host.equals(zkLeader)) {
        zkLeader = hosts().stream().filter(h -> !h.equals(host)).findFirst().orElseThrow();
      }
    } else {
      int id = brokerId(host);
      registrations.remove(id);
      brokerCatchUp.put(host, pollsToCatchUp + 1);
      if (controller == id) {
        controller = id == 1 ? 2 : 1;
      }
    }
    maxDownAtOnce = Math.max(maxDownAtOnce, Math.max(zkCatchUp.size(), brokerCatchUp.size() + killed.size()));
  }

  /** As if the coordinator had sent this operation before it crashed. */
  void alreadyExecuted(String operationId, String service, String host) {
    restart(host, service, operationId, RestartReasonKind.RESTART_REASON_KIND_MANUAL);
  }

  @Override
  public void prepare(String host, String operationId) {
    restarts.add("prepare:" + host);
  }

  @Override
  public void electPreferredLeaders(int brokerId) {
  }

  @Override
  public int brokerId(String host) {
    return Integer.parseInt(host.substring(1));
  }
}
