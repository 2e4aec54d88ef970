package dev.steward.common.state;

import dev.steward.agent.v1.Resource;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.Sha512Hex;
import dev.steward.common.service.ServiceDescriptor;
import dev.steward.common.service.Services;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Turns an inventory into the typed resources of one host. Pure: the same inputs always give
 * the same resources, in the same order.
 *
 * <p>Resources carry logical paths (/opt/kafka/config/server.properties), which the agent
 * resolves against its host root (service launches included); file contents carry real paths
 * ({@link HostLayout#real}), because the processes that read them are not confined to that root.
 */
public final class DesiredStateBuilder {

  /**
   * @param kafkaSha512 checksum of the Kafka distribution the archive resource installs
   *     (128 lower-case hex digits)
   * @throws IllegalArgumentException when the host is not one of the inventory's, or the
   *     checksum is malformed
   */
  public HostDesiredState build(Inventory inventory, HostSpec host, HostLayout layout, String kafkaSha512) {
    return build(inventory, host, layout, kafkaSha512, SecretValues.NONE);
  }

  /**
   * @param secrets the values of the inventory's secrets; a secret a connector needs but without
   *     a value here is a programming error (the coordinator resolves them all first)
   */
  public HostDesiredState build(Inventory inventory, HostSpec host, HostLayout layout, String kafkaSha512,
      SecretValues secrets) {
    if (!inventory.hosts().contains(host)) {
      throw new IllegalArgumentException(host.name() + " is not a host of cluster " + inventory.cluster());
    }
    if (!Sha512Hex.isCanonical(kafkaSha512)) {
      throw new IllegalArgumentException("not a SHA-512 (128 lower-case hex digits): " + kafkaSha512);
    }
    Map<String, List<Resource>> services = new LinkedHashMap<>();
    for (ServiceDescriptor service : Services.on(inventory, host)) {
      services.put(service.name(), service.resources(inventory, host, layout, secrets));
    }
    HostDesiredState state = new HostDesiredState(host.name(), BaseResources.of(inventory, host, kafkaSha512),
        services);
    requireUniqueIds(state.all());
    return state;
  }

  /** Two resources with one id would make results ambiguous; a validated inventory never produces them. */
  private static void requireUniqueIds(List<Resource> resources) {
    Set<String> seen = new HashSet<>();
    for (Resource resource : resources) {
      if (!seen.add(resource.getId())) {
        throw new IllegalStateException("two resources with the id " + resource.getId());
      }
    }
  }
}
