package dev.steward.common.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * The ports each host listens on, derived from the inventory. The loader checks them for
 * collisions; the coordinator's preflight checks that they are free before installing.
 */
public final class HostPorts {

  /** Bind address meaning "every local address" (what a server binds when given none). */
  public static final String ALL_ADDRESSES = "0.0.0.0";

  private HostPorts() {
  }

  /** Every port of {@code host}: its ZooKeeper node's, its broker's and its agent's. */
  public static List<HostPort> of(Inventory inventory, HostSpec host) {
    List<HostPort> ports = new ArrayList<>(servicePorts(inventory, host));
    int index = inventory.hosts().indexOf(host);
    boolean ownAgentPort = host.agentPort() != inventory.agent().port() && index >= 0;
    ports.add(new HostPort(ownAgentPort ? "hosts[" + index + "].agentPort" : "agent.port", ALL_ADDRESSES,
        host.agentPort(), HostPort.Owner.AGENT));
    return List.copyOf(ports);
  }

  /** The ports that the ZooKeeper node and the broker of {@code host} will bind (not the agent's). */
  public static List<HostPort> servicePorts(Inventory inventory, HostSpec host) {
    List<HostPort> ports = new ArrayList<>();
    if (host.runsZooKeeper()) {
      ZooKeeperSpec zk = inventory.zookeeper();
      String own = host.address();
      String client = zk.bindClientPortToHostAddress() ? own : ALL_ADDRESSES;
      // ZooKeeper binds the quorum ports on the server.N address unless told to listen everywhere
      String quorum = "true".equalsIgnoreCase(zk.config().get("quorumListenOnAllIPs")) ? ALL_ADDRESSES : own;
      ports.add(new HostPort("zookeeper.clientPort", client, zk.clientPort(), HostPort.Owner.ZOOKEEPER));
      ports.add(new HostPort("zookeeper.peerPort", quorum, zk.peerPort(), HostPort.Owner.ZOOKEEPER));
      ports.add(new HostPort("zookeeper.electionPort", quorum, zk.electionPort(), HostPort.Owner.ZOOKEEPER));
      if (zk.adminServerEnabled()) {
        ports.add(new HostPort("zookeeper.adminServer.port", client, zk.adminServerPort(), HostPort.Owner.ZOOKEEPER));
      }
    }
    if (host.runsKafka()) {
      ports.add(new HostPort("kafka.port", host.address(), inventory.kafka().port(), HostPort.Owner.KAFKA));
    }
    return List.copyOf(ports);
  }
}
