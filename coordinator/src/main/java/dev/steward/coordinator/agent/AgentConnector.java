package dev.steward.coordinator.agent;

import dev.steward.common.inventory.HostSpec;
import io.grpc.ManagedChannel;

/**
 * Opens the channel to one host's agent. Implementations decide the transport (mutual TLS for
 * real hosts, plaintext for the loopback sandbox, in-process in tests).
 */
@FunctionalInterface
public interface AgentConnector {

  ManagedChannel connect(HostSpec host);
}
