package dev.steward.coordinator.ensemble;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.ZooKeeperSpec;
import java.util.List;

/** The voting members an inventory asks for: its hosts with a zookeeperId, on its ports. */
public final class WantedMembers {

  private WantedMembers() {
  }

  public static List<EnsembleMember> of(Inventory inventory) {
    ZooKeeperSpec zk = inventory.zookeeper();
    return inventory.zookeeperHosts().stream()
        .map(host -> member(host, zk))
        .toList();
  }

  private static EnsembleMember member(HostSpec host, ZooKeeperSpec zk) {
    String clientAddress = zk.bindClientPortToHostAddress() ? host.address() : "0.0.0.0";
    return new EnsembleMember(host.zookeeperId().getAsInt(), host.name(), host.address(), zk.peerPort(),
        zk.electionPort(), clientAddress + ":" + zk.clientPort());
  }
}
