package dev.steward.common.inventory;

/**
 * A TCP port a host listens on.
 *
 * @param setting the inventory field it comes from, e.g. {@code zookeeper.clientPort} or
 *     {@code hosts[1].agentPort}
 * @param bindAddress the local address it is bound to; {@link HostPorts#ALL_ADDRESSES} for all
 * @param owner who listens on it: a service's short name ("kafka"), or {@link #AGENT}
 */
public record HostPort(String setting, String bindAddress, int port, String owner) {

  public static final String AGENT = "steward-agent";
}
