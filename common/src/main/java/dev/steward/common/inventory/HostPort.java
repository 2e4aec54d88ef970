package dev.steward.common.inventory;

/**
 * A TCP port a host listens on.
 *
 * @param setting the inventory field it comes from, e.g. {@code zookeeper.clientPort} or
 *     {@code hosts[1].agentPort}
 * @param bindAddress the local address it is bound to; {@link HostPorts#ALL_ADDRESSES} for all
 * @param owner who listens on it
 */
public record HostPort(String setting, String bindAddress, int port, Owner owner) {

  /** The processes Steward runs or relies on. */
  public enum Owner {
    ZOOKEEPER,
    KAFKA,
    AGENT
  }
}
