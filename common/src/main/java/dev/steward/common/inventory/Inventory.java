package dev.steward.common.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated cluster inventory: everything Steward needs to know to install and operate
 * one ZooKeeper + Kafka cluster and its Kafka Connect workers. Instances only come out of
 * {@link InventoryLoader}, which refuses anything invalid, so code holding an {@code Inventory}
 * may trust it.
 */
public record Inventory(
    String cluster,
    KafkaSpec kafka,
    ZooKeeperSpec zookeeper,
    InstallSpec install,
    SysctlSpec sysctl,
    FirewallSpec firewall,
    PreflightSpec preflight,
    AgentSpec agent,
    RolloutSpec rollout,
    ConnectSpec connect,
    Map<String, SecretSpec> secrets,
    List<ConnectorSpec> connectors,
    List<MirrorSpec> mirrors,
    List<HostSpec> hosts,
    AlertsSpec alerts,
    RebalanceSpec rebalance) {

  public Inventory {
    hosts = List.copyOf(hosts);
    secrets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secrets));
    connectors = List.copyOf(connectors);
    mirrors = List.copyOf(mirrors);
  }

  /**
   * The connectors apply reconciles: those declared under {@code connectors}, then the ones each
   * mirror runs (docs/mirroring.md).
   */
  public List<ConnectorSpec> managedConnectors() {
    if (mirrors.isEmpty()) {
      return connectors;
    }
    List<ConnectorSpec> all = new java.util.ArrayList<>(connectors);
    all.addAll(MirrorConnectors.of(mirrors, cluster, bootstrapServers(), connect.groupId()));
    return List.copyOf(all);
  }

  /** An inventory with the default rebalance settings. */
  public Inventory(String cluster, KafkaSpec kafka, ZooKeeperSpec zookeeper, InstallSpec install, SysctlSpec sysctl,
      FirewallSpec firewall, PreflightSpec preflight, AgentSpec agent, RolloutSpec rollout, ConnectSpec connect,
      Map<String, SecretSpec> secrets, List<ConnectorSpec> connectors, List<MirrorSpec> mirrors, List<HostSpec> hosts,
      AlertsSpec alerts) {
    this(cluster, kafka, zookeeper, install, sysctl, firewall, preflight, agent, rollout, connect, secrets, connectors,
        mirrors, hosts, alerts, RebalanceSpec.DEFAULTS);
  }

  /** An inventory with the default alert thresholds. */
  public Inventory(String cluster, KafkaSpec kafka, ZooKeeperSpec zookeeper, InstallSpec install, SysctlSpec sysctl,
      FirewallSpec firewall, PreflightSpec preflight, AgentSpec agent, RolloutSpec rollout, ConnectSpec connect,
      Map<String, SecretSpec> secrets, List<ConnectorSpec> connectors, List<MirrorSpec> mirrors, List<HostSpec> hosts) {
    this(cluster, kafka, zookeeper, install, sysctl, firewall, preflight, agent, rollout, connect, secrets, connectors,
        mirrors, hosts, AlertsSpec.DEFAULTS);
  }

  /** The same inventory with other Kafka settings (a rolling upgrade's target). */
  public Inventory withKafka(KafkaSpec newKafka) {
    return new Inventory(cluster, newKafka, zookeeper, install, sysctl, firewall, preflight, agent, rollout, connect,
        secrets, connectors, mirrors, hosts, alerts, rebalance);
  }

  /** The same inventory with other Connect settings (the sandbox's worker placement). */
  public Inventory withConnect(ConnectSpec newConnect) {
    return new Inventory(cluster, kafka, zookeeper, install, sysctl, firewall, preflight, agent, rollout, newConnect,
        secrets, connectors, mirrors, hosts, alerts, rebalance);
  }

  /**
   * The same inventory with exactly these ZooKeeper members: the host at each address gets that
   * id, every other host keeps everything but its zookeeperId. A membership change goes through
   * such states one member at a time (docs/scaling.md), between the running membership and the
   * inventory's; a member about to leave may have no zookeeperId in the inventory any more.
   *
   * @param idsByAddress member ids by host address; an address no host has is ignored
   */
  public Inventory withZooKeeperMembers(Map<String, Integer> idsByAddress) {
    List<HostSpec> kept = hosts.stream()
        .map(h -> new HostSpec(h.name(), h.address(), idsByAddress.containsKey(h.address())
            ? java.util.OptionalInt.of(idsByAddress.get(h.address())) : java.util.OptionalInt.empty(), h.brokerId(),
            h.agentPort(), h.rack()))
        .toList();
    return new Inventory(cluster, kafka, zookeeper, install, sysctl, firewall, preflight, agent, rollout, connect,
        secrets, connectors, mirrors, kept, alerts, rebalance);
  }

  /** Hosts that run a Kafka Connect worker, in inventory order. */
  public List<HostSpec> connectHosts() {
    return hosts.stream().filter(connect::runsOn).toList();
  }

  /** Hosts that run a ZooKeeper node, in zookeeperId order. */
  public List<HostSpec> zookeeperHosts() {
    return hosts.stream()
        .filter(h -> h.zookeeperId().isPresent())
        .sorted(java.util.Comparator.comparingInt(h -> h.zookeeperId().getAsInt()))
        .toList();
  }

  /** Hosts that run a Kafka broker, in brokerId order. */
  public List<HostSpec> brokerHosts() {
    return hosts.stream()
        .filter(h -> h.brokerId().isPresent())
        .sorted(java.util.Comparator.comparingInt(h -> h.brokerId().getAsInt()))
        .toList();
  }

  public Optional<HostSpec> host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /** The brokers' bootstrap list, "a1:9092,a2:9092,...". */
  public String bootstrapServers() {
    return String.join(",", brokerHosts().stream()
        .map(h -> HostSpec.hostPort(h.address(), kafka.port())).toList());
  }

  /** ZooKeeper's connect string, "a1:2181,a2:2181,...". */
  public String zookeeperConnect() {
    return String.join(",", zookeeperHosts().stream()
        .map(h -> HostSpec.hostPort(h.address(), zookeeper.clientPort())).toList());
  }
}
