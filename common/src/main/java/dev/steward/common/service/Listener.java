package dev.steward.common.service;

import java.util.List;

/**
 * A port a service listens on, and who may connect to it from beyond the cluster's own hosts
 * (the hosts themselves are found through {@link Dial}s).
 *
 * @param tag names the port in firewall rules ("zk-client") and in {@link Dial}s
 * @param setting the inventory field the port comes from ("zookeeper.clientPort")
 * @param bindAddress the local address it binds; {@link dev.steward.common.inventory.HostPorts#ALL_ADDRESSES} for all
 * @param networks client networks allowed in besides the cluster's hosts, before them in rule order
 * @param fromCoordinator the coordinator's addresses ({@code firewall.coordinatorAddresses}) are allowed in
 * @param openToAll no restriction at all (the inventory leaves the relevant address list empty)
 */
public record Listener(String tag, String setting, String bindAddress, int port, List<String> networks,
    boolean fromCoordinator, boolean openToAll) {

  public Listener {
    networks = List.copyOf(networks);
  }
}
