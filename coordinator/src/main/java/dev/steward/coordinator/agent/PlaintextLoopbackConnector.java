package dev.steward.coordinator.agent;

import dev.steward.common.inventory.Addresses;
import dev.steward.common.inventory.HostSpec;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Plaintext gRPC, allowed only to agents on loopback addresses: the local sandbox, where
 * every "host" is a process on this machine. Anything else must use mutual TLS.
 */
public final class PlaintextLoopbackConnector implements AgentConnector {

  @Override
  public ManagedChannel connect(HostSpec host) {
    if (!isLoopback(host.address())) {
      throw new IllegalStateException("refusing a plaintext connection to " + host.name() + " ("
          + host.address() + "): agents that are not on loopback require TLS (agent.tls: true)");
    }
    return NettyChannelBuilder.forTarget(host.agentTarget())
        .usePlaintext()
        .maxInboundMessageSize(32 * 1024 * 1024)
        .build();
  }

  /** The inventory's own loopback rule: a name (even "localhost") is not trusted to be loopback. */
  static boolean isLoopback(String address) {
    return Addresses.isLoopback(address);
  }
}
