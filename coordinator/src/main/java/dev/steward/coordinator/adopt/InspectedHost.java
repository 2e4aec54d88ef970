package dev.steward.coordinator.adopt;

import dev.steward.agent.v1.InspectInstallationResponse;

/**
 * One host's answer to InspectInstallation, with the name and address the inventory will give it.
 *
 * @param address what other hosts and clients use: the listeners and server.N lines must name it
 */
public record InspectedHost(String name, String address, InspectInstallationResponse installation) {
}
