package dev.steward.common.state;

import dev.steward.agent.v1.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one host should look like, split into the phases the coordinator converges in
 * order: the base (user, packages, Java, directories, binaries, sysctl, firewall) on every
 * host first, then each service the host runs, in start order (ZooKeeper, Kafka, Connect),
 * each phase only once the services before it are healthy cluster-wide.
 *
 * @param services the resources of each service the host runs, by service name, in start order
 */
public record HostDesiredState(String host, List<Resource> base, Map<String, List<Resource>> services) {

  public HostDesiredState {
    base = List.copyOf(base);
    Map<String, List<Resource>> copy = new LinkedHashMap<>();
    services.forEach((name, resources) -> copy.put(name, List.copyOf(resources)));
    services = java.util.Collections.unmodifiableMap(copy);
  }

  /** The resources of {@code service}'s phase on this host; empty when the host does not run it. */
  public List<Resource> service(String service) {
    return services.getOrDefault(service, List.of());
  }

  public List<Resource> all() {
    List<Resource> all = new ArrayList<>(base);
    services.values().forEach(all::addAll);
    return all;
  }
}
