package dev.steward.common.inventory;

/** The rules that relate several fields to each other, run once every field has been read. */
final class InventoryRules {

  private InventoryRules() {
  }

  static void check(Inventory inventory, Problems problems, ValidationOptions options) {
    HostRules.check(inventory, problems, options);
    if (!problems.failedWithin("hosts")) {
      // the replication limits depend on the number of brokers, which an unreadable host makes uncertain
      ReplicationRules.check(inventory.kafka(), inventory.brokerHosts().size(), problems);
      ConnectRules.check(inventory, problems);
    }
    ConnectorRules.check(inventory, problems);
    MirrorRules.check(inventory, problems);
    PortRules.check(inventory, problems);
    NetworkRules.check(inventory, problems);
    DirectoryRules.check(inventory, problems);
  }
}
