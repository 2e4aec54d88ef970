package dev.steward.coordinator.agent;

import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ArtifactHeader;
import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.AuditServiceGrpc;
import dev.steward.agent.v1.ReadAuditRequest;
import dev.steward.agent.v1.ReadAuditResponse;
import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.DataServiceGrpc;
import dev.steward.agent.v1.DescribeDataRequest;
import dev.steward.agent.v1.DescribeDataResponse;
import dev.steward.agent.v1.ReadZooKeeperDataRequest;
import dev.steward.agent.v1.RestoreZooKeeperDataRequest;
import dev.steward.agent.v1.RestoreZooKeeperDataResponse;
import dev.steward.agent.v1.ZooKeeperDataPart;
import dev.steward.agent.v1.ControlServiceResponse;
import dev.steward.agent.v1.FourLetterWord;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetServiceStatusRequest;
import dev.steward.agent.v1.HostFacts;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.ProbeBrokerRequest;
import dev.steward.agent.v1.ProbeBrokerResponse;
import dev.steward.agent.v1.ProbeServiceGrpc;
import dev.steward.agent.v1.ProbeZooKeeperRequest;
import dev.steward.agent.v1.ProbeZooKeeperResponse;
import dev.steward.agent.v1.PushArtifactResponse;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.RunPreflightRequest;
import dev.steward.agent.v1.RunPreflightResponse;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;
import dev.steward.agent.v1.StatArtifactRequest;
import dev.steward.agent.v1.WatchOperationRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One host's agent, as the coordinator sees it: every RPC with a deadline, and every failure
 * turned into an {@link AgentCallException} that names the host.
 */
public final class AgentClient implements AutoCloseable {

  /** Unary calls answer from local state; anything slower than this means trouble. */
  static final Duration UNARY_DEADLINE = Duration.ofSeconds(30);
  /** Applying can unpack a distribution or wait for a service to stop. */
  static final Duration APPLY_DEADLINE = Duration.ofMinutes(15);
  static final Duration PUSH_DEADLINE = Duration.ofMinutes(30);

  private final String host;
  private final ManagedChannel channel;
  private final Duration unaryDeadline;

  public AgentClient(String host, ManagedChannel channel) {
    this(host, channel, UNARY_DEADLINE);
  }

  public AgentClient(String host, ManagedChannel channel, Duration unaryDeadline) {
    this.host = host;
    this.channel = channel;
    this.unaryDeadline = unaryDeadline;
  }

  public String host() {
    return host;
  }

  public boolean isServing(Duration deadline) {
    try {
      HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      return response.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  public HostFacts facts(Iterable<String> paths) {
    return call("GetFacts", () -> hostStub().getFacts(GetFactsRequest.newBuilder().addAllPaths(paths).build())
        .getFacts());
  }

  public RunPreflightResponse preflight(RunPreflightRequest request) {
    return call("RunPreflight", () -> hostStub().runPreflight(request));
  }

  /** Applies resources, handing each streamed event to {@code onEvent} as it arrives. */
  public void apply(ApplyRequest request, Consumer<ApplyEvent> onEvent) {
    call("Apply", () -> {
      Iterator<ApplyEvent> events = ResourceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(APPLY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .apply(request);
      events.forEachRemaining(onEvent);
      return null;
    });
  }

  /** Re-attaches to an operation this or another coordinator started (after a crash). */
  public void watch(String operationId, Consumer<ApplyEvent> onEvent) {
    call("WatchOperation", () -> {
      Iterator<ApplyEvent> events = ResourceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(APPLY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .watchOperation(WatchOperationRequest.newBuilder().setOperationId(operationId).build());
      events.forEachRemaining(onEvent);
      return null;
    });
  }

  public ControlServiceResponse control(ControlServiceRequest request, Duration deadline) {
    return call("ControlService", () -> ServiceControlServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .controlService(request));
  }

  public ServiceStatus serviceStatus(ServiceName service) {
    return call("GetServiceStatus", () -> ServiceControlServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(unaryDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .getServiceStatus(GetServiceStatusRequest.newBuilder().setService(service).build())
        .getStatus());
  }

  public ProbeZooKeeperResponse probeZooKeeper(String address, int port, FourLetterWord word) {
    return call("ProbeZooKeeper", () -> ProbeServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(unaryDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .probeZooKeeper(ProbeZooKeeperRequest.newBuilder()
            .setAddress(address).setPort(port).setCommand(word).build()));
  }

  public ProbeBrokerResponse probeBroker(String address, int port) {
    return call("ProbeBroker", () -> ProbeServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(unaryDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .probeBroker(ProbeBrokerRequest.newBuilder().setAddress(address).setPort(port).build()));
  }

  /** The newest {@code limit} entries of the agent's audit trail, oldest first. */
  public ReadAuditResponse readAudit(int limit) {
    return call("ReadAudit", () -> AuditServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(unaryDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .readAudit(ReadAuditRequest.newBuilder().setLimit(limit).build()));
  }

  public boolean hasArtifact(String sha512) {
    return call("StatArtifact", () -> ArtifactServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(unaryDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .statArtifact(StatArtifactRequest.newBuilder().setSha512(sha512).build())
        .getPresent());
  }

  /** Streams a file to the agent's artifact store as fast as the agent takes it; the agent checks size and SHA-512. */
  public PushArtifactResponse pushArtifact(Path file, String sha512) {
    ArtifactUpload upload = new ArtifactUpload();
    ArtifactServiceGrpc.newStub(channel)
        .withDeadlineAfter(PUSH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .pushArtifact(upload);
    try (InputStream in = Files.newInputStream(file)) {
      upload.send(ArtifactHeader.newBuilder().setName(file.getFileName().toString()).setSha512(sha512)
          .setSize(Files.size(file)).build(), in);
    } catch (IOException e) {
      upload.cancel("reading " + file + " failed", e);
      throw new UncheckedIOException("reading " + file, e);
    } catch (InterruptedException e) {
      upload.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pushing the artifact to " + host, e);
    }
    CompletableFuture<PushArtifactResponse> done = upload.answer();
    try {
      return done.get(PUSH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException sre) {
        throw new AgentCallException(host, "PushArtifact", sre);
      }
      throw new IllegalStateException(host + ": PushArtifact failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pushing the artifact to " + host, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(host + ": PushArtifact timed out", e);
    }
  }

  /** What the host's services keep on disk: ZooKeeper's data directory and files, the brokers' meta.properties. */
  public DescribeDataResponse describeData() {
    return call("DescribeData", () -> DataServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(unaryDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .describeData(DescribeDataRequest.getDefaultInstance()));
  }

  /** What a hand-built installation left on the host (`steward adopt`); reads only. */
  public dev.steward.agent.v1.InspectInstallationResponse inspectInstallation(
      dev.steward.agent.v1.InspectInstallationRequest request) {
    return call("InspectInstallation", () -> dev.steward.agent.v1.InstallationServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(unaryDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .inspectInstallation(request));
  }

  /** Streams the files of a ZooKeeper backup from this member, handing each part to {@code onPart} as it arrives. */
  public void readZooKeeperData(Consumer<ZooKeeperDataPart> onPart) {
    call("ReadZooKeeperData", () -> {
      DataServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(PUSH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .readZooKeeperData(ReadZooKeeperDataRequest.getDefaultInstance())
          .forEachRemaining(onPart);
      return null;
    });
  }

  /** Lays a pushed backup archive down as ZooKeeper's data; the agent refuses while ZooKeeper runs. */
  public RestoreZooKeeperDataResponse restoreZooKeeperData(String operationId, String archiveSha512) {
    return call("RestoreZooKeeperData", () -> DataServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(APPLY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .restoreZooKeeperData(RestoreZooKeeperDataRequest.newBuilder().setOperationId(operationId)
            .setArtifactSha512(archiveSha512).build()));
  }

  /** What {@link #readLogs} hands lines to; called on gRPC's threads, one call at a time. */
  public interface LogLines {
    /** May block: the agent then stops sending (flow control). */
    void line(dev.steward.agent.v1.LogLine line);

    /** The agent sent every line (never after a cancel). */
    void completed();

    void failed(AgentCallException error);
  }

  /**
   * Streams a service's log lines (LogService.ReadLogs). Without follow the call has the push
   * deadline; with follow it runs until {@code cancel} of the returned handle (or the agent goes).
   */
  public Runnable readLogs(dev.steward.agent.v1.ReadLogsRequest request, LogLines lines) {
    dev.steward.agent.v1.LogServiceGrpc.LogServiceStub stub = dev.steward.agent.v1.LogServiceGrpc.newStub(channel);
    if (!request.getFollow()) {
      stub = stub.withDeadlineAfter(PUSH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
    java.util.concurrent.atomic.AtomicReference<io.grpc.stub.ClientCallStreamObserver<?>> call =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    stub.readLogs(request, new io.grpc.stub.ClientResponseObserver<dev.steward.agent.v1.ReadLogsRequest,
        dev.steward.agent.v1.LogLine>() {
      @Override
      public void beforeStart(io.grpc.stub.ClientCallStreamObserver<dev.steward.agent.v1.ReadLogsRequest> requestStream) {
        call.set(requestStream);
      }

      @Override
      public void onNext(dev.steward.agent.v1.LogLine value) {
        lines.line(value);
      }

      @Override
      public void onError(Throwable t) {
        if (!cancelled.get()) {
          lines.failed(new AgentCallException(host, "ReadLogs", t instanceof StatusRuntimeException e ? e
              : io.grpc.Status.fromThrowable(t).asRuntimeException()));
        }
      }

      @Override
      public void onCompleted() {
        lines.completed();
      }
    });
    return () -> {
      cancelled.set(true);
      io.grpc.stub.ClientCallStreamObserver<?> running = call.get();
      if (running != null) {
        running.cancel("the caller stopped reading", null);
      }
    };
  }

  private HostServiceGrpc.HostServiceBlockingStub hostStub() {
    return HostServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(unaryDeadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T call(String name, java.util.function.Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw new AgentCallException(host, name, e);
    }
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
