package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.agent.AgentConnector;
import dev.steward.coordinator.agent.PlaintextLoopbackConnector;

/** Picks the transport to the agents that the inventory asks for. */
final class Connectors {

  private Connectors() {
  }

  static AgentConnector forInventory(Inventory inventory) {
    if (!inventory.agent().tls()) {
      return new PlaintextLoopbackConnector();
    }
    throw new ExitException(ExitCode.BAD_INPUT, "agent.tls: mutual TLS is not available in this build yet; "
        + "only the loopback sandbox (agent.tls: false) can be managed");
  }
}
