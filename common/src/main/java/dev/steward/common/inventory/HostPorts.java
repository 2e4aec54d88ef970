package dev.steward.common.inventory;

import java.util.ArrayList;
import java.util.List;
import dev.steward.common.service.ServicePorts;

/**
 * The ports each host listens on, derived from the inventory. The loader checks them for
 * collisions; the coordinator's preflight checks that they are free before installing.
 */
public final class HostPorts {

  /** Bind address meaning "every local address" (what a server binds when given none). */
  public static final String ALL_ADDRESSES = "0.0.0.0";

  private HostPorts() {
  }

  /** Every port of {@code host}: its services' and its agent's. */
  public static List<HostPort> of(Inventory inventory, HostSpec host) {
    List<HostPort> ports = new ArrayList<>(servicePorts(inventory, host));
    int index = inventory.hosts().indexOf(host);
    boolean ownAgentPort = host.agentPort() != inventory.agent().port() && index >= 0;
    ports.add(new HostPort(ownAgentPort ? "hosts[" + index + "].agentPort" : "agent.port", ALL_ADDRESSES,
        host.agentPort(), HostPort.AGENT));
    return List.copyOf(ports);
  }

  /** The ports that the services of {@code host} will bind (not the agent's), from {@link ServicePorts}. */
  public static List<HostPort> servicePorts(Inventory inventory, HostSpec host) {
    return ServicePorts.of(inventory, host).stream()
        .map(p -> new HostPort(p.listener().setting(), p.listener().bindAddress(), p.listener().port(), p.service()))
        .toList();
  }
}
