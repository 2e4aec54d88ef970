package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.agent.AgentConnector;
import dev.steward.coordinator.agent.PlaintextLoopbackConnector;
import dev.steward.coordinator.pki.PkiDirectory;
import dev.steward.coordinator.pki.PkiLocation;
import dev.steward.coordinator.pki.TlsAgentConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Picks the transport to the agents that the inventory asks for. */
final class Connectors {

  private Connectors() {
  }

  static AgentConnector forInventory(Inventory inventory) {
    return forInventory(inventory, Optional.empty());
  }

  /**
   * Mutual TLS with the cluster PKI when {@code agent.tls} (the default); plaintext only for
   * loopback agents (the sandbox). A missing PKI is bad input (exit 2), before any host is contacted.
   */
  static AgentConnector forInventory(Inventory inventory, Optional<Path> pkiOption) {
    if (!inventory.agent().tls()) {
      return new PlaintextLoopbackConnector();
    }
    PkiDirectory pki = new PkiDirectory(PkiLocation.of(inventory, pkiOption));
    try {
      return new TlsAgentConnector(pki);
    } catch (PkiDirectory.NoPkiException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "agent.tls: no cluster CA in " + pki.dir() + ": run `steward ca "
          + "init -i INVENTORY` and enroll the hosts (docs/security.md), or set agent.pki to where the PKI is");
    } catch (IOException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "agent.tls: cannot read the PKI in " + pki.dir() + ": "
          + e.getMessage());
    }
  }
}
