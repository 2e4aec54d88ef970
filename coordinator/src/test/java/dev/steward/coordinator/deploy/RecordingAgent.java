package dev.steward.coordinator.deploy;

import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ApplySummary;
import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.CheckOutcome;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetFactsResponse;
import dev.steward.agent.v1.HostFacts;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.PreflightCheck;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.RunPreflightRequest;
import dev.steward.agent.v1.RunPreflightResponse;
import dev.steward.agent.v1.StatArtifactRequest;
import dev.steward.agent.v1.StatArtifactResponse;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in agent for testing the coordinator's sequencing decisions: it answers facts and
 * preflight as told and records, in one shared journal, every Apply it receives. It changes
 * nothing and runs nothing.
 */
final class RecordingAgent implements AutoCloseable {

  /** One Apply call as received. */
  record Applied(String host, String phase, boolean dryRun) {
  }

  /** Every Apply any recording agent received, in arrival order. */
  static final class Journal {
    final List<Applied> applies = new CopyOnWriteArrayList<>();
  }

  private final String host;
  private final Journal journal;
  private final Server server;
  volatile boolean failPreflight;
  volatile String failResourcePrefix;
  /** Where this host's broker runs from ("" when it is not running). */
  volatile String kafkaRunningFrom = "";

  RecordingAgent(String host, Journal journal) throws IOException {
    this.host = host;
    this.journal = journal;
    this.server = InProcessServerBuilder.forName(host).directExecutor()
        .addService(new Facts()).addService(new Resources()).addService(new Artifacts()).addService(new Services())
        .build().start();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private final class Facts extends HostServiceGrpc.HostServiceImplBase {
    @Override
    public void getFacts(GetFactsRequest request, StreamObserver<GetFactsResponse> response) {
      response.onNext(GetFactsResponse.newBuilder().setFacts(HostFacts.newBuilder().setHostname(host).setHostRoot("/")).build());
      response.onCompleted();
    }

    @Override
    public void runPreflight(RunPreflightRequest request, StreamObserver<RunPreflightResponse> response) {
      response.onNext(RunPreflightResponse.newBuilder()
          .addChecks(PreflightCheck.newBuilder().setName("memory")
              .setOutcome(failPreflight ? CheckOutcome.CHECK_OUTCOME_FAIL : CheckOutcome.CHECK_OUTCOME_PASS)
              .setObserved("2 GiB").setRequired(">= 4 GiB").setMessage("add memory"))
          .setClockUnixMillis(System.currentTimeMillis()).build());
      response.onCompleted();
    }
  }

  private final class Resources extends ResourceServiceGrpc.ResourceServiceImplBase {
    @Override
    public void apply(ApplyRequest request, StreamObserver<ApplyEvent> response) {
      String phase = request.getOperationId().split("-")[1];
      journal.applies.add(new Applied(host, phase, request.getDryRun()));
      int failed = 0;
      for (var resource : request.getResourcesList()) {
        boolean fail = failResourcePrefix != null && resource.getId().startsWith(failResourcePrefix);
        failed += fail ? 1 : 0;
        response.onNext(ApplyEvent.newBuilder().setResult(ResourceResult.newBuilder().setId(resource.getId())
            .setStatus(fail ? ResourceStatus.RESOURCE_STATUS_FAILED : ResourceStatus.RESOURCE_STATUS_UNCHANGED)).build());
      }
      response.onNext(ApplyEvent.newBuilder().setSummary(ApplySummary.newBuilder()
          .setOperationId(request.getOperationId()).setFailed(failed)).build());
      response.onCompleted();
    }
  }

  private final class Services extends dev.steward.agent.v1.ServiceControlServiceGrpc.ServiceControlServiceImplBase {
    @Override
    public void getServiceStatus(dev.steward.agent.v1.GetServiceStatusRequest request,
        StreamObserver<dev.steward.agent.v1.GetServiceStatusResponse> response) {
      response.onNext(dev.steward.agent.v1.GetServiceStatusResponse.newBuilder().setStatus(
          dev.steward.agent.v1.ServiceStatus.newBuilder().setService(request.getService())
              .setRunningFrom(request.getService() == dev.steward.agent.v1.ServiceName.SERVICE_NAME_KAFKA
                  ? kafkaRunningFrom : ""))
          .build());
      response.onCompleted();
    }
  }

  private static final class Artifacts extends ArtifactServiceGrpc.ArtifactServiceImplBase {
    @Override
    public void statArtifact(StatArtifactRequest request, StreamObserver<StatArtifactResponse> response) {
      response.onNext(StatArtifactResponse.newBuilder().setPresent(true).build());
      response.onCompleted();
    }
  }
}
