package dev.steward.common.service;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster's port table, derived from the descriptors only: what each host listens on, and
 * which other hosts connect to each of those ports. Firewall rules, preflight's port and peer
 * checks, and port-collision validation all read this one table, so they cannot disagree.
 */
public final class ServicePorts {

  /** A listening port on one host, with the cluster's hosts that connect to it. */
  public record Port(String service, Listener listener, List<HostSpec> clients) {

    public Port {
      clients = List.copyOf(clients);
    }
  }

  private ServicePorts() {
  }

  /** Every port {@code host}'s services listen on, in start order, each with its client hosts. */
  public static List<Port> of(Inventory inventory, HostSpec host) {
    List<Port> ports = new ArrayList<>();
    for (ServiceDescriptor service : Services.on(inventory, host)) {
      for (Listener listener : service.listens(inventory, host)) {
        ports.add(new Port(service.name(), listener, clients(inventory, host, service.name(), listener.tag())));
      }
    }
    return List.copyOf(ports);
  }

  /**
   * The ports of {@code peer} that {@code host}'s services connect to, in the peer's listening
   * order, each once. Empty when the two exchange nothing.
   */
  public static List<Integer> dialed(Inventory inventory, HostSpec host, HostSpec peer) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (Port port : of(inventory, peer)) {
      if (port.clients().stream().anyMatch(c -> c.name().equals(host.name()))) {
        ports.add(port.listener().port());
      }
    }
    return List.copyOf(ports);
  }

  /** The other hosts that run a service dialing {@code service}'s {@code tag}, in inventory order. */
  private static List<HostSpec> clients(Inventory inventory, HostSpec self, String service, String tag) {
    Dial wanted = new Dial(service, tag);
    List<HostSpec> clients = new ArrayList<>();
    for (HostSpec candidate : inventory.hosts()) {
      if (candidate.name().equals(self.name())) {
        continue;
      }
      boolean dials = Services.on(inventory, candidate).stream().anyMatch(s -> s.dials().contains(wanted));
      if (dials) {
        clients.add(candidate);
      }
    }
    return clients;
  }
}
