package dev.steward.common.state;

import dev.steward.agent.v1.PortExpectation;
import dev.steward.common.service.Services;
import dev.steward.common.inventory.HostPorts;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import java.util.List;

/** The ports a host's services will bind, as the agent's preflight expects them. */
public final class PortExpectations {

  private PortExpectations() {
  }

  /** One expectation per port of the host's services (the agent's own port excluded). */
  public static List<PortExpectation> forHost(Inventory inventory, HostSpec host) {
    return HostPorts.servicePorts(inventory, host).stream()
        .map(port -> PortExpectation.newBuilder()
            .setAddress(port.bindAddress())
            .setPort(port.port())
            .setOwner(Services.byName(port.owner()).orElseThrow().id())
            .build())
        .toList();
  }
}
