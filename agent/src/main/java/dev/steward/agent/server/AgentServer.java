package dev.steward.agent.server;

import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.audit.AuditLog;
import dev.steward.agent.audit.AuditSink;
import dev.steward.agent.data.ServiceData;
import dev.steward.agent.data.ZooKeeperDataReader;
import dev.steward.agent.data.ZooKeeperDataRestorer;
import dev.steward.agent.logs.ServiceLogs;
import dev.steward.agent.facts.FactsCollector;
import dev.steward.agent.installation.InstallationInspector;
import dev.steward.agent.journal.ApplyOperations;
import dev.steward.agent.preflight.PreflightRunner;
import dev.steward.agent.probe.LocalProbes;
import dev.steward.agent.security.AgentEnrollment;
import dev.steward.agent.security.AuthorizationInterceptor;
import dev.steward.agent.security.SecurityState;
import dev.steward.agent.service.ServiceController;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's gRPC server: the agent services plus the standard health service, every call
 * through the {@link AuthorizationInterceptor}. The transport comes from the caller (Netty
 * with TLS or loopback plaintext in production, in-process in tests). When the agent's
 * certificate changes (enrollment, renewal) the server is rebuilt on the same port with the
 * new TLS context, so no session made before can carry over.
 */
public final class AgentServer {

  private static final Logger log = LoggerFactory.getLogger(AgentServer.class);
  private static final long REBIND_TIMEOUT_MILLIS = 10_000;

  private final ServerTransport.Factory transport;
  private final HealthStatusManager health = new HealthStatusManager();
  private final List<String> serviceNames = new ArrayList<>();
  private final List<io.grpc.ServerServiceDefinition> services = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final int configuredPort;
  private Server server;
  private boolean stopping;

  /**
   * @param security the agent's security state, read on every call
   * @param enrollment the enrollment service's backing state; empty for an agent without TLS
   */
  public AgentServer(ServerTransport.Factory transport, int configuredPort, Supplier<SecurityState> security,
                     FactsCollector facts, PreflightRunner preflight, ApplyOperations operations,
                     ServiceController controller, LocalProbes probes, ArtifactStore artifacts, AuditSink audit,
                     Optional<AuditLog> auditLog, Optional<AgentEnrollment> enrollment, ServiceData data,
                     ZooKeeperDataRestorer restorer, ServiceLogs logs, InstallationInspector installation) {
    this.transport = transport;
    this.configuredPort = configuredPort;
    List<BindableService> bindable = new ArrayList<>(List.of(new HostServiceImpl(facts, preflight),
        new ResourceServiceImpl(operations), new ServiceControlServiceImpl(controller),
        new ProbeServiceImpl(probes), new ArtifactServiceImpl(artifacts, audit),
        new DataServiceImpl(data, new ZooKeeperDataReader(data), restorer), new LogServiceImpl(logs),
        new InstallationServiceImpl(installation)));
    auditLog.ifPresent(log -> bindable.add(new AuditServiceImpl(log)));
    enrollment.ifPresent(e -> bindable.add(new EnrollmentServiceImpl(e)));
    AuthorizationInterceptor authorization = new AuthorizationInterceptor(security);
    for (BindableService service : bindable) {
      io.grpc.ServerServiceDefinition definition = service.bindService();
      serviceNames.add(definition.getServiceDescriptor().getName());
      services.add(ServerInterceptors.intercept(definition, authorization));
    }
    services.add(ServerInterceptors.intercept(health.getHealthService(), authorization));
  }

  public synchronized AgentServer start() throws IOException {
    server = build(transport.builder(configuredPort)).start();
    health.setStatus("", ServingStatus.SERVING);
    for (String name : serviceNames) {
      health.setStatus(name, ServingStatus.SERVING);
    }
    return this;
  }

  /**
   * Rebuilds the server on the same port (new TLS context). Calls in flight on the old one
   * get a moment to finish; clients reconnect.
   */
  public synchronized void rebuild() throws IOException {
    if (stopping || server == null) {
      return;
    }
    int port = server.getPort();
    shutdownGracefully(server, 3);
    long deadline = System.currentTimeMillis() + REBIND_TIMEOUT_MILLIS;
    while (true) {
      try {
        server = build(transport.builder(port)).start();
        log.info("serving again on port {} with the new TLS settings", port);
        return;
      } catch (IOException e) {
        if (!(rootCause(e) instanceof BindException) || System.currentTimeMillis() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while rebinding port " + port, interrupted);
        }
      }
    }
  }

  /** The bound port (useful when listening on port 0); -1 for in-process servers. */
  public synchronized int port() {
    return server.getPort();
  }

  /** Graceful: health goes NOT_SERVING first, running calls get a moment to finish. Idempotent. */
  public void stop() {
    Server current;
    boolean first;
    synchronized (this) {
      first = !stopping;
      stopping = true;
      current = server;
    }
    if (!first) {
      awaitStopped();
      return;
    }
    health.enterTerminalState();
    if (current != null) {
      shutdownGracefully(current, 10);
    }
    transport.close();
    stopped.countDown();
  }

  /** A second stop (a failed rebuild, then the shutdown hook) returns once the first has finished. */
  private void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Until {@link #stop()}: a rebuild does not end it. */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  private Server build(ServerBuilder<?> builder) {
    for (io.grpc.ServerServiceDefinition service : services) {
      builder.addService(service);
    }
    return builder.build();
  }

  private static void shutdownGracefully(Server server, int seconds) {
    server.shutdown();
    try {
      if (!server.awaitTermination(seconds, TimeUnit.SECONDS)) {
        log.warn("calls still running after {}s: cancelling them", seconds);
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
