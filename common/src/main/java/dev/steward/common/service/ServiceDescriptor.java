package dev.steward.common.service;

import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.state.HostLayout;
import dev.steward.common.state.SecretValues;
import java.util.List;

/**
 * Everything about one managed service that follows from the inventory alone: where it runs,
 * the files and launch that make it run, the ports it listens on and dials, and what must be
 * healthy before it starts. The deployer, firewall, preflight, port validation and desired
 * state iterate over the descriptors in {@link Services#all()}; none of them names a service.
 *
 * <p>What needs I/O (readiness probes, rolling restarts) lives in the coordinator, registered
 * under the same {@link #name()} (see docs/architecture.md, "How to add a service").
 */
public interface ServiceDescriptor {

  /** Short name: unit file, resource ids, deploy phase, rollout stage ("kafka-connect"). */
  default String name() {
    return ServiceNames.shortName(id());
  }

  ServiceName id();

  /** Names of the services that must be healthy cluster-wide before this one starts. */
  List<String> startsAfter();

  /** The hosts that run it, in the order its nodes are listed (ids for quorum members). */
  List<HostSpec> hosts(Inventory inventory);

  default boolean runsOn(Inventory inventory, HostSpec host) {
    return hosts(inventory).stream().anyMatch(h -> h.name().equals(host.name()));
  }

  /** Directories it needs before its phase (made in the base phase, owned by the service user). */
  List<Resource> directories(Inventory inventory);

  /** Directories whose free space preflight checks (data, not logs). */
  List<String> dataPaths(Inventory inventory);

  /**
   * Its own phase on {@code host}: config files, secret files, the service itself.
   *
   * @param secrets the values of the inventory's secrets, for the files that carry them
   */
  List<Resource> resources(Inventory inventory, HostSpec host, HostLayout layout, SecretValues secrets);

  /** The ports it listens on, with who may connect from outside the cluster's own hosts. */
  List<Listener> listens(Inventory inventory, HostSpec host);

  /** The ports of other services (or its own peers) it connects to. */
  List<Dial> dials();
}
