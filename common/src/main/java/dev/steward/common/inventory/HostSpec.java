package dev.steward.common.inventory;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One machine of the cluster. A host runs a ZooKeeper node when it has a zookeeperId and a
 * broker when it has a brokerId (usually both, as in the guide). A broker's {@code rack} is
 * rendered as {@code broker.rack}: Kafka and {@code steward rebalance} place a partition's
 * replicas in different racks.
 */
public record HostSpec(
    String name,
    String address,
    OptionalInt zookeeperId,
    OptionalInt brokerId,
    int agentPort,
    Optional<String> rack) {

  /** A host without a rack. */
  public HostSpec(String name, String address, OptionalInt zookeeperId, OptionalInt brokerId, int agentPort) {
    this(name, address, zookeeperId, brokerId, agentPort, Optional.empty());
  }

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
