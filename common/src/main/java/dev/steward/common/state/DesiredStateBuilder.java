package dev.steward.common.state;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;

/**
 * Turns an inventory into the typed resources of one host. Pure: the same inputs always give
 * the same resources, in the same order.
 */
public final class DesiredStateBuilder {

  /**
   * @param kafkaSha512 checksum of the Kafka distribution the archive resource installs
   */
  public HostDesiredState build(Inventory inventory, HostSpec host, HostLayout layout, String kafkaSha512) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
