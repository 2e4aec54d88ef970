package dev.steward.coordinator.rollout;

import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.ControlServiceResponse;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.Services;
import dev.steward.coordinator.agent.AgentCallException;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.Deployer;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.probe.PartitionState;
import dev.steward.coordinator.probe.PortCheck;
import dev.steward.coordinator.probe.ProbeException;
import dev.steward.coordinator.probe.ServiceProcess;
import dev.steward.coordinator.probe.ServiceProcesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.ElectLeadersOptions;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/** The real cluster behind a rollout: agents for processes, ZooKeeper and Kafka for state. */
public final class LiveRolloutCluster implements RolloutCluster {

  /** A listening port answers a loopback or LAN connect in microseconds; a closed one refuses at once. */
  private static final Duration PORT_CHECK_TIMEOUT = Duration.ofMillis(500);

  /**
   * Runs a decision's Admin calls beside its ZooKeeper and agent reads. Its own threads: the
   * common pool has a single worker on two cores.
   */
  private static final ExecutorService READS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "rollout-read");
    thread.setDaemon(true);
    return thread;
  });

  private final Inventory inventory;
  private final Fleet fleet;
  private final LiveCluster cluster;
  private final Deployer deployer;
  private final Inventory targetInventory;
  private final KafkaArtifact targetArtifact;

  /**
   * @param targetInventory for upgrades, the inventory the hosts are brought to in
   *     {@link #prepare}; the same as {@code inventory} for plain restarts
   */
  public LiveRolloutCluster(Inventory inventory, Fleet fleet, LiveCluster cluster, Deployer deployer,
      Inventory targetInventory, KafkaArtifact targetArtifact) {
    this.inventory = inventory;
    this.fleet = fleet;
    this.cluster = cluster;
    this.deployer = deployer;
    this.targetInventory = targetInventory;
    this.targetArtifact = targetArtifact;
  }

  @Override
  public EnsembleSnapshot ensemble() {
    return cluster.ensemble();
  }

  @Override
  public List<BrokerState> brokers() {
    Set<Integer> registered = cluster.registeredBrokers();
    int port = inventory.kafka().port();
    Map<HostSpec, Fleet.Outcome<Boolean>> running = fleet.readEach(inventory.brokerHosts(),
        agent -> agent.serviceStatus(ServiceName.SERVICE_NAME_KAFKA).getActiveState()
            == ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE);
    List<BrokerState> brokers = new ArrayList<>();
    for (Map.Entry<HostSpec, Fleet.Outcome<Boolean>> entry : running.entrySet()) {
      if (!entry.getValue().ok()) {
        // An agent we cannot reach says nothing about its broker: wait rather than guess.
        throw new IllegalStateException("the agent of " + entry.getKey().name() + " does not answer: "
            + entry.getValue().errorMessage());
      }
      int id = entry.getKey().brokerId().getAsInt();
      boolean processRunning = entry.getValue().value();
      boolean portOpen = processRunning && PortCheck.accepts(entry.getKey().address(), port, PORT_CHECK_TIMEOUT);
      brokers.add(new BrokerState(id, entry.getKey().name(), processRunning, portOpen, registered.contains(id)));
    }
    return brokers;
  }

  /**
   * The Admin API's describe calls take longer than the agents and ZooKeeper together, so they run
   * beside them rather than after: read one after the other, this decision was most of the gap
   * between broker steps (docs/benchmarks.md). Every part is still read fresh for this decision.
   */
  @Override
  public KafkaDecisionInputs kafkaDecisionInputs() {
    CompletableFuture<KafkaSnapshot> kafka = CompletableFuture.supplyAsync(this::kafka, READS);
    List<BrokerState> brokers = brokers();
    OptionalInt controller = controller();
    try {
      return new KafkaDecisionInputs(brokers, kafka.join(), controller);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  @Override
  public Map<String, ProcessReading> processes(List<String> hosts, String service) {
    ServiceName name = Services.byName(service).orElseThrow().id();
    List<HostSpec> specs = hosts.stream().map(host -> inventory.host(host).orElseThrow()).toList();
    Map<String, ProcessReading> readings = new java.util.LinkedHashMap<>();
    fleet.readEach(specs, agent -> ServiceProcesses.of(agent, agent.host(), name)).forEach((host, outcome) ->
        readings.put(host.name(), outcome.ok() ? new ProcessReading(outcome.value(), null)
            : new ProcessReading(null, outcome.error() instanceof RuntimeException e ? e
                : new IllegalStateException(outcome.errorMessage(), outcome.error()))));
    return readings;
  }

  @Override
  public Set<Integer> registeredBrokers() {
    return cluster.registeredBrokers();
  }

  @Override
  public OptionalLong registrationId(int brokerId) {
    return cluster.registrationId(brokerId);
  }

  @Override
  public OptionalLong registrationTime(int brokerId) {
    return cluster.registrationTime(brokerId);
  }

  @Override
  public OptionalInt controller() {
    return cluster.controller();
  }

  @Override
  public ConnectClusterSnapshot connect() {
    return cluster.connect();
  }

  @Override
  public KafkaSnapshot kafka() {
    try {
      return cluster.kafkaSnapshot();
    } catch (ProbeException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public RestartOutcome restart(String host, String service, String operationId, RestartReasonKind reason) {
    ServiceName name = Services.byName(service).orElseThrow().id();
    Duration deadline = Duration.ofSeconds(inventory.install().stopTimeoutSeconds() + 120L);
    ControlServiceResponse response;
    try {
      response = fleet.agent(host).control(ControlServiceRequest.newBuilder()
          .setOperationId(operationId).setService(name).setAction(ServiceAction.SERVICE_ACTION_RESTART)
          .setReason(reason).build(), deadline);
    } catch (AgentCallException e) {
      if (e.status().getCode() == io.grpc.Status.Code.ABORTED) {
        return RestartOutcome.INTERRUPTED;
      }
      throw e;
    }
    ServiceActiveState state = response.getStatus().getActiveState();
    if (state != ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE && state != ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVATING) {
      throw new IllegalStateException(service + " on " + host + " is " + state.name().replace("SERVICE_ACTIVE_STATE_", "")
          .toLowerCase(java.util.Locale.ROOT) + " after the restart (last exit status "
          + response.getStatus().getLastExitStatus() + "); see its log on the host");
    }
    return response.getReplayed() ? RestartOutcome.REPLAYED : RestartOutcome.RESTARTED;
  }

  @Override
  public ServiceProcess process(String host, String service) {
    return ServiceProcesses.of(fleet.agent(host), host, Services.byName(service).orElseThrow().id());
  }

  @Override
  public void prepare(String host, String operationId) {
    deployer.convergeHost(targetInventory, targetInventory.host(host).orElseThrow(), targetArtifact, operationId);
  }

  /**
   * Asks the controller to move leadership back to the broker for the partitions whose first
   * replica it is. Right after a restart the controller may have just moved (the restarted
   * broker was often the controller), so "not the controller" is retried with fresh metadata.
   */
  @Override
  public void electPreferredLeaders(int brokerId) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 6; attempt++) {
      try {
        electOnce(brokerId);
        return;
      } catch (RuntimeException e) {
        last = e;
        cluster.resetKafka();
        try {
          Thread.sleep(250L * (attempt + 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }

  private void electOnce(int brokerId) {
    KafkaSnapshot snapshot = kafka();
    Set<TopicPartition> partitions = new java.util.HashSet<>();
    for (PartitionState partition : snapshot.partitions()) {
      if (!partition.replicas().isEmpty() && partition.replicas().get(0) == brokerId && partition.leader() != brokerId) {
        partitions.add(new TopicPartition(partition.topic(), partition.partition()));
      }
    }
    if (partitions.isEmpty()) {
      return;
    }
    try {
      var result = cluster.kafkaProbe().admin()
          .electLeaders(ElectionType.PREFERRED, partitions, new ElectLeadersOptions().timeoutMs(30_000))
          .partitions().get(30, TimeUnit.SECONDS);
      for (var entry : result.entrySet()) {
        if (entry.getValue().isPresent() && !(entry.getValue().get() instanceof ElectionNotNeededException)) {
          throw new IllegalStateException("electing the preferred leader of " + entry.getKey() + ": "
              + entry.getValue().get().getMessage());
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("preferred-leader election: " + dev.steward.coordinator.Errors.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void warmUp() {
    try {
      cluster.registeredBrokers();
      cluster.kafkaSnapshot();
    } catch (RuntimeException | ProbeException e) {
      // only a head start: the real observations report failures
    }
  }

  @Override
  public List<String> hosts(String service) {
    return Services.byName(service).orElseThrow().hosts(inventory).stream().map(HostSpec::name).toList();
  }

  @Override
  public int brokerId(String host) {
    return inventory.host(host).orElseThrow().brokerId().orElseThrow();
  }
}
