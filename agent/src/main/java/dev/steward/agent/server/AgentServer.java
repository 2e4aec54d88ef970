package dev.steward.agent.server;

import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.facts.FactsCollector;
import dev.steward.agent.journal.ApplyOperations;
import dev.steward.agent.preflight.PreflightRunner;
import dev.steward.agent.probe.LocalProbes;
import dev.steward.agent.service.ServiceController;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's gRPC server: the five agent services plus the standard health service. The
 * builder comes from the caller (a Netty builder in production, in-process in tests), so the
 * transport and its security are decided in one place outside.
 */
public final class AgentServer {

  private static final Logger log = LoggerFactory.getLogger(AgentServer.class);

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private final List<String> serviceNames;

  public AgentServer(ServerBuilder<?> builder, FactsCollector facts, PreflightRunner preflight,
                     ApplyOperations operations, ServiceController services, LocalProbes probes, ArtifactStore artifacts) {
    HostServiceImpl host = new HostServiceImpl(facts, preflight);
    ResourceServiceImpl resources = new ResourceServiceImpl(operations);
    ServiceControlServiceImpl control = new ServiceControlServiceImpl(services);
    ProbeServiceImpl probe = new ProbeServiceImpl(probes);
    ArtifactServiceImpl artifact = new ArtifactServiceImpl(artifacts);
    this.serviceNames = List.of(host.bindService().getServiceDescriptor().getName(),
        resources.bindService().getServiceDescriptor().getName(),
        control.bindService().getServiceDescriptor().getName(),
        probe.bindService().getServiceDescriptor().getName(),
        artifact.bindService().getServiceDescriptor().getName());
    this.server = builder
        .addService(host)
        .addService(resources)
        .addService(control)
        .addService(probe)
        .addService(artifact)
        .addService(health.getHealthService())
        .build();
  }

  public AgentServer start() throws IOException {
    server.start();
    health.setStatus("", ServingStatus.SERVING);
    for (String name : serviceNames) {
      health.setStatus(name, ServingStatus.SERVING);
    }
    return this;
  }

  /** The bound port (useful when listening on port 0); -1 for in-process servers. */
  public int port() {
    return server.getPort();
  }

  /** Graceful: health goes NOT_SERVING first, running calls get a moment to finish. */
  public void stop() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("calls still running after 10s: cancelling them");
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }
}
