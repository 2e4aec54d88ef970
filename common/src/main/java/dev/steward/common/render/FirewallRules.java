package dev.steward.common.render;

import dev.steward.agent.v1.FirewallAction;
import dev.steward.agent.v1.FirewallRule;
import dev.steward.common.inventory.Addresses;
import dev.steward.common.inventory.FirewallSpec;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ufw rules one host needs, least privilege: ZooKeeper's client port from the brokers and
 * the coordinator, its peer and election ports only from the other ensemble members, the
 * broker port from {@code kafka.clientNetworks}, the other brokers and the coordinator, the
 * agent port from the coordinator. An empty coordinator or client list means "from anywhere".
 *
 * <p>A host's own address is never a source: its traffic to itself arrives on the loopback
 * interface, which ufw always accepts. Tags are stable ("zk-peer-192.168.1.187") so the
 * agent can remove exactly the rules it no longer wants; the order is stable for diffs.
 */
public final class FirewallRules {

  private static final String ANYWHERE = "";

  private FirewallRules() {
  }

  public static List<FirewallRule> forHost(Inventory inventory, HostSpec host) {
    FirewallSpec firewall = inventory.firewall();
    List<String> coordinator = firewall.coordinatorAddresses();
    List<FirewallRule> rules = new ArrayList<>();
    if (host.runsZooKeeper()) {
      int clientPort = inventory.zookeeper().clientPort();
      List<String> others = addresses(inventory.zookeeperHosts().stream(), host);
      add(rules, "zk-client", clientPort, coordinator.isEmpty() ? List.of(ANYWHERE)
          : distinct(host, addresses(inventory.brokerHosts().stream(), host), coordinator));
      add(rules, "zk-peer", inventory.zookeeper().peerPort(), others);
      add(rules, "zk-election", inventory.zookeeper().electionPort(), others);
      if (inventory.zookeeper().adminServerEnabled()) {
        add(rules, "zk-admin", inventory.zookeeper().adminServerPort(), fromCoordinator(host, coordinator));
      }
    }
    if (host.runsKafka()) {
      List<String> clients = inventory.kafka().clientNetworks();
      add(rules, "kafka", inventory.kafka().port(), clients.isEmpty() ? List.of(ANYWHERE)
          : distinct(host, clients, addresses(inventory.brokerHosts().stream(), host), coordinator));
    }
    add(rules, "agent", host.agentPort(), fromCoordinator(host, coordinator));
    return List.copyOf(rules);
  }

  private static List<String> fromCoordinator(HostSpec host, List<String> coordinator) {
    return coordinator.isEmpty() ? List.of(ANYWHERE) : distinct(host, coordinator);
  }

  /** The addresses of {@code hosts} other than {@code self}, in the given order. */
  private static List<String> addresses(Stream<HostSpec> hosts, HostSpec self) {
    return hosts.filter(h -> !h.name().equals(self.name())).map(HostSpec::address).toList();
  }

  /** The sources in order, each once (compared canonically), without the host's own address. */
  @SafeVarargs
  private static List<String> distinct(HostSpec self, List<String>... sources) {
    Map<String, String> byCanonical = new LinkedHashMap<>();
    String own = Addresses.canonical(self.address());
    for (List<String> list : sources) {
      for (String source : list) {
        String canonical = Addresses.canonical(source);
        if (!canonical.equals(own)) {
          byCanonical.putIfAbsent(canonical, source);
        }
      }
    }
    return List.copyOf(byCanonical.values());
  }

  private static void add(List<FirewallRule> rules, String service, int port, List<String> sources) {
    for (String source : sources) {
      rules.add(FirewallRule.newBuilder()
          .setTag(source.isEmpty() ? service : service + "-" + source)
          .setAction(FirewallAction.FIREWALL_ACTION_ALLOW)
          .setPort(port)
          .setProtocol("tcp")
          .setFrom(source)
          .build());
    }
  }
}
