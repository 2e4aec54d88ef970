package dev.steward.common.state;

import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.ZooKeeperSpec;
import java.util.ArrayList;
import java.util.List;

/** The TCP ports a host's services will listen on, and on which address. */
public final class ServicePorts {

  /** Every address of the host, as ZooKeeper's client port binds by default. */
  public static final String ANY_ADDRESS = "0.0.0.0";

  private ServicePorts() {
  }

  /** One listening socket a service will open. */
  public record Binding(String address, int port, ServiceName service) {
  }

  public static List<Binding> of(Inventory inventory, HostSpec host) {
    List<Binding> bindings = new ArrayList<>();
    if (host.runsZooKeeper()) {
      ZooKeeperSpec zk = inventory.zookeeper();
      String clientAddress = zk.bindClientPortToHostAddress() ? host.address() : ANY_ADDRESS;
      bindings.add(new Binding(clientAddress, zk.clientPort(), ServiceName.SERVICE_NAME_ZOOKEEPER));
      bindings.add(new Binding(host.address(), zk.peerPort(), ServiceName.SERVICE_NAME_ZOOKEEPER));
      bindings.add(new Binding(host.address(), zk.electionPort(), ServiceName.SERVICE_NAME_ZOOKEEPER));
      if (zk.adminServerEnabled()) {
        bindings.add(new Binding(ANY_ADDRESS, zk.adminServerPort(), ServiceName.SERVICE_NAME_ZOOKEEPER));
      }
    }
    if (host.runsKafka()) {
      bindings.add(new Binding(host.address(), inventory.kafka().port(), ServiceName.SERVICE_NAME_KAFKA));
    }
    return bindings;
  }
}
