package dev.steward.common.inventory;

import java.util.OptionalInt;

/**
 * One machine of the cluster. A host runs a ZooKeeper node when it has a zookeeperId and a
 * broker when it has a brokerId (usually both, as in the guide).
 */
public record HostSpec(
    String name,
    String address,
    OptionalInt zookeeperId,
    OptionalInt brokerId,
    int agentPort) {

  public boolean runsZooKeeper() {
    return zookeeperId.isPresent();
  }

  public boolean runsKafka() {
    return brokerId.isPresent();
  }

  /** "address:port", bracketing IPv6 literals. */
  public static String hostPort(String address, int port) {
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }

  public String agentTarget() {
    return hostPort(address, agentPort);
  }
}
