package dev.steward.common.render;

import dev.steward.agent.v1.FirewallAction;
import dev.steward.agent.v1.FirewallRule;
import dev.steward.common.inventory.Addresses;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.Listener;
import dev.steward.common.service.ServicePorts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ufw rules one host needs, least privilege: every port its services listen on, open to the
 * cluster's hosts whose services dial it (ZooKeeper's client port from the brokers, its peer and
 * election ports from the other ensemble members, the broker port from brokers and Connect
 * workers, the Connect REST port from the other workers) plus what the port's {@link Listener}
 * lets in from outside (client networks, the coordinator); the agent port from the coordinator.
 * All of it comes from {@link ServicePorts}, the table preflight reads too.
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
    List<String> coordinator = inventory.firewall().coordinatorAddresses();
    List<FirewallRule> rules = new ArrayList<>();
    for (ServicePorts.Port port : ServicePorts.of(inventory, host)) {
      Listener listener = port.listener();
      List<String> clients = port.clients().stream().map(HostSpec::address).toList();
      List<String> sources = listener.openToAll() ? List.of(ANYWHERE)
          : distinct(host, listener.networks(), clients, listener.fromCoordinator() ? coordinator : List.of());
      add(rules, listener.tag(), listener.port(), sources);
    }
    add(rules, "agent", host.agentPort(), fromCoordinator(host, coordinator));
    return List.copyOf(rules);
  }

  private static List<String> fromCoordinator(HostSpec host, List<String> coordinator) {
    return coordinator.isEmpty() ? List.of(ANYWHERE) : distinct(host, coordinator);
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
      String tag = source.isEmpty() ? service : service + "-" + source;
      if (!FirewallTags.isValid(tag)) {
        // the agent would refuse the whole phase; a validated inventory never gets here
        throw new IllegalStateException("firewall tag " + tag + " is not " + FirewallTags.RULE);
      }
      rules.add(FirewallRule.newBuilder()
          .setTag(tag)
          .setAction(FirewallAction.FIREWALL_ACTION_ALLOW)
          .setPort(port)
          .setProtocol("tcp")
          .setFrom(source)
          .build());
    }
  }
}
