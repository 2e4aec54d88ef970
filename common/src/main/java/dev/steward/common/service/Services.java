package dev.steward.common.service;

import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The managed services, in start order: each comes after every service it
 * {@linkplain ServiceDescriptor#startsAfter() starts after}. Adding a service is adding its
 * descriptor here (and its coordinator side; see docs/architecture.md).
 */
public final class Services {

  private static final List<ServiceDescriptor> ALL = startOrder(List.of(
      new ZooKeeperService(), new KafkaService(), new ConnectService()));

  private Services() {
  }

  public static List<ServiceDescriptor> all() {
    return ALL;
  }

  /** The services {@code host} runs, in start order. */
  public static List<ServiceDescriptor> on(Inventory inventory, HostSpec host) {
    return ALL.stream().filter(s -> s.runsOn(inventory, host)).toList();
  }

  public static Optional<ServiceDescriptor> byName(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public static ServiceDescriptor byId(ServiceName id) {
    return ALL.stream().filter(s -> s.id() == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a managed service: " + id));
  }

  public static List<String> names() {
    return ALL.stream().map(ServiceDescriptor::name).toList();
  }

  /**
   * Orders descriptors so that each follows what it starts after, keeping the given order
   * otherwise. A cycle or an unknown dependency is a programming error.
   */
  static List<ServiceDescriptor> startOrder(List<ServiceDescriptor> descriptors) {
    List<ServiceDescriptor> ordered = new ArrayList<>();
    Set<String> placed = new LinkedHashSet<>();
    List<ServiceDescriptor> left = new ArrayList<>(descriptors);
    Set<String> known = new LinkedHashSet<>();
    descriptors.forEach(d -> known.add(d.name()));
    for (ServiceDescriptor d : descriptors) {
      for (String before : d.startsAfter()) {
        if (!known.contains(before)) {
          throw new IllegalStateException(d.name() + " starts after " + before + ", which is not a service");
        }
      }
    }
    while (!left.isEmpty()) {
      ServiceDescriptor next = left.stream().filter(d -> placed.containsAll(d.startsAfter())).findFirst()
          .orElseThrow(() -> new IllegalStateException("the services' start order has a cycle: " + left));
      ordered.add(next);
      placed.add(next.name());
      left.remove(next);
    }
    return List.copyOf(ordered);
  }
}
