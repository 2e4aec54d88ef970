package dev.steward.coordinator.cli;

import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.ProbeServiceGrpc;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real gRPC servers where an inventory's three agents would be (127.0.0.1-3, one port), with no
 * method implemented: every call is counted, then answered UNIMPLEMENTED. "No agent was
 * called" is then observed, not assumed.
 */
final class CountingAgents implements AutoCloseable {

  static final List<String> ADDRESSES = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

  private final AtomicInteger calls = new AtomicInteger();
  private final List<Server> servers = new ArrayList<>();
  private final int port;

  CountingAgents() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    ServerInterceptor counting = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        calls.incrementAndGet();
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
        };
      }
    };
    for (String address : ADDRESSES) {
      servers.add(NettyServerBuilder.forAddress(new InetSocketAddress(address, port))
          .addService(new HealthStatusManager().getHealthService())
          .addService(new HostServiceGrpc.HostServiceImplBase() { })
          .addService(new ResourceServiceGrpc.ResourceServiceImplBase() { })
          .addService(new ServiceControlServiceGrpc.ServiceControlServiceImplBase() { })
          .addService(new ProbeServiceGrpc.ProbeServiceImplBase() { })
          .addService(new ArtifactServiceGrpc.ArtifactServiceImplBase() { })
          .intercept(counting)
          .build().start());
    }
  }

  int port() {
    return port;
  }

  int calls() {
    return calls.get();
  }

  void reset() {
    calls.set(0);
  }

  @Override
  public void close() {
    servers.forEach(Server::shutdownNow);
  }
}
