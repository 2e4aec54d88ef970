package dev.steward.coordinator.status;

import dev.steward.agent.v1.HostFacts;
import dev.steward.agent.v1.PathSpace;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.Services;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.probe.ProbeException;
import dev.steward.coordinator.probe.ServiceProcess;
import dev.steward.coordinator.probe.ServiceProcesses;
import dev.steward.coordinator.probe.ZooKeeperEnsembleProbe;
import dev.steward.coordinator.probe.ZooKeeperNodeState;
import dev.steward.coordinator.health.HealthInputs;
import dev.steward.coordinator.health.HealthInputsReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Gathers a {@link StatusReport}: every agent, the ensemble, and the Kafka cluster. */
public final class StatusCollector {

  private final Inventory inventory;
  private final Fleet fleet;
  private final LiveCluster cluster;

  private final boolean withHealthInputs;
  private final Clock clock;
  /** The partitions read by the last {@link #collect()}, for a caller that shows them too (the console). */
  private volatile Optional<KafkaSnapshot> lastKafka = Optional.empty();

  /** Hosts and cluster only (the sandbox's wait, the benchmark): no lag, slots or certificates. */
  public StatusCollector(Inventory inventory, Fleet fleet, LiveCluster cluster) {
    this(inventory, fleet, cluster, false, Clock.systemUTC());
  }

  /** @param withHealthInputs also read lag, replication slots and certificates for the alerts (`steward status`) */
  public StatusCollector(Inventory inventory, Fleet fleet, LiveCluster cluster, boolean withHealthInputs,
      Clock clock) {
    this.inventory = inventory;
    this.fleet = fleet;
    this.cluster = cluster;
    this.withHealthInputs = withHealthInputs;
    this.clock = clock;
  }

  /** The Kafka snapshot (partitions, leaders, ISR) the last {@link #collect()} read; empty when Kafka could not be read. */
  public Optional<KafkaSnapshot> lastKafkaSnapshot() {
    return lastKafka;
  }

  public StatusReport collect() {
    lastKafka = Optional.empty();
    List<String> dataPaths = new ArrayList<>();
    Services.all().forEach(service -> dataPaths.addAll(service.dataPaths(inventory)));
    ZooKeeperEnsembleProbe zooKeeperProbe = new ZooKeeperEnsembleProbe(inventory, fleet);
    // Everything status asks a host's agent, in one call per host: a host that does not answer
    // costs the read deadline once, not once per question.
    Map<HostSpec, Fleet.Outcome<HostAnswers>> answers = fleet.readEach(inventory.hosts(), agent -> {
      HostSpec host = inventory.host(agent.host()).orElseThrow();
      return new HostAnswers(Fleet.Outcome.attempt(() -> agent.facts(dataPaths)),
          Fleet.Outcome.attempt(() -> host.runsKafka()
              ? ServiceProcesses.of(agent, agent.host(), ServiceName.SERVICE_NAME_KAFKA) : null),
          Fleet.Outcome.attempt(() -> host.runsZooKeeper() ? zooKeeperProbe.probe(host) : null));
    });
    Map<HostSpec, HostAnswers> byHost = new LinkedHashMap<>();
    answers.forEach((host, outcome) -> byHost.put(host, HostAnswers.of(outcome)));
    Map<HostSpec, Fleet.Outcome<ZooKeeperNodeState>> zooKeeperNodes = new LinkedHashMap<>();
    inventory.zookeeperHosts().forEach(host -> zooKeeperNodes.put(host, byHost.get(host).zooKeeper()));
    EnsembleSnapshot ensemble = ZooKeeperEnsembleProbe.of(zooKeeperNodes);

    List<Integer> expectedBrokers = inventory.brokerHosts().stream().map(h -> h.brokerId().getAsInt()).toList();
    Set<Integer> registered = Set.of();
    Optional<String> kafkaError = Optional.empty();
    OptionalInt controller = OptionalInt.empty();
    long underReplicated = 0;
    long offline = 0;
    Optional<String> unreadable = ZooKeeperReadable.whyNot(zooKeeperNodes);
    if (unreadable.isPresent()) {
      kafkaError = Optional.of("ZooKeeper: " + unreadable.get());
    } else {
      try {
        registered = cluster.registeredBrokers();
        controller = cluster.controller();
      } catch (RuntimeException e) {
        kafkaError = Optional.of("ZooKeeper: " + Errors.rootMessage(e));
      }
    }
    if (kafkaError.isEmpty() && !registered.isEmpty()) {
      try {
        KafkaSnapshot kafka = cluster.kafkaSnapshot();
        lastKafka = Optional.of(kafka);
        underReplicated = kafka.underReplicatedCount();
        offline = kafka.offlineCount();
        if (controller.isEmpty()) {
          controller = kafka.controller();
        }
      } catch (ProbeException e) {
        kafkaError = Optional.of(e.getMessage());
      }
    } else if (kafkaError.isEmpty()) {
      kafkaError = Optional.of("no broker is registered");
    }

    List<HostStatus> hosts = new ArrayList<>();
    for (Map.Entry<HostSpec, HostAnswers> entry : byHost.entrySet()) {
      Fleet.Outcome<ServiceProcess> broker = entry.getValue().broker();
      Optional<ServiceProcess> brokerProcess = entry.getKey().runsKafka() && broker.ok() ? Optional.of(broker.value())
          : Optional.empty();
      hosts.add(hostStatus(entry.getKey(), entry.getValue().facts(), ensemble, registered, brokerProcess));
    }
    ClusterStatus clusterStatus = new ClusterStatus(inventory.cluster(), ensemble.hasQuorum(), ensemble.fullySynced(),
        ensemble.leader().map(ZooKeeperNodeState::host), registered.stream().sorted().toList(), expectedBrokers,
        controller, underReplicated, offline, kafkaError);
    Optional<ConnectClusterSnapshot> connect = inventory.connect().enabled()
        ? Optional.of(cluster.connect()) : Optional.empty();
    HealthInputs inputs = withHealthInputs
        ? new HealthInputsReader(inventory, cluster, clock).read(kafkaError.isEmpty()) : HealthInputs.none();
    return new StatusReport(clusterStatus, hosts, connect, inputs, inventory.alerts());
  }

  private HostStatus hostStatus(HostSpec host, Fleet.Outcome<HostFacts> facts, EnsembleSnapshot ensemble,
      Set<Integer> registered, Optional<ServiceProcess> brokerProcess) {
    // The agent asks its ZooKeeper node: with the agent down nothing is known of the node, which
    // may well be serving (the quorum line says whether the ensemble is whole).
    String unknown = facts.ok() ? "down" : "unknown (agent down)";
    Optional<String> zkMode = host.runsZooKeeper()
        ? Optional.of(ensemble.nodes().stream().filter(n -> n.host().equals(host.name())).findFirst()
            .map(n -> n.reachable() ? (n.mode().isEmpty() ? "not serving" : n.mode()) : unknown).orElse(unknown))
        : Optional.empty();
    Optional<Integer> brokerId = host.runsKafka() ? Optional.of(host.brokerId().getAsInt()) : Optional.empty();
    Optional<Boolean> brokerRegistered = brokerId.map(registered::contains);
    if (!facts.ok()) {
      return new HostStatus(host.name(), host.address(), false, facts.errorMessage(), zkMode, brokerId,
          brokerRegistered, Optional.empty(), 0, 0, List.of());
    }
    HostFacts hostFacts = facts.value();
    List<HostStatus.DiskSpace> disks = new ArrayList<>();
    for (PathSpace space : hostFacts.getPathsList()) {
      boolean used = Services.on(inventory, host).stream()
          .anyMatch(service -> service.dataPaths(inventory).contains(space.getPath()));
      if (used) {
        disks.add(new HostStatus.DiskSpace(space.getPath(), space.getUsableBytes(), space.getTotalBytes(),
            inventory.preflight().minFreeDiskBytes()));
      }
    }
    return new HostStatus(host.name(), host.address(), true, "", zkMode, brokerId, brokerRegistered, brokerProcess,
        hostFacts.getTotalMemoryBytes(), hostFacts.getAvailableMemoryBytes(), disks);
  }

  /** What one host's agent answered to each of status's questions (a step the host does not run answers null). */
  private record HostAnswers(Fleet.Outcome<HostFacts> facts, Fleet.Outcome<ServiceProcess> broker,
      Fleet.Outcome<ZooKeeperNodeState> zooKeeper) {

    /** A host whose call failed as a whole (interrupted) failed every step. */
    static HostAnswers of(Fleet.Outcome<HostAnswers> answers) {
      if (answers.ok()) {
        return answers.value();
      }
      return new HostAnswers(new Fleet.Outcome<>(null, answers.error()), new Fleet.Outcome<>(null, answers.error()),
          new Fleet.Outcome<>(null, answers.error()));
    }
  }
}
