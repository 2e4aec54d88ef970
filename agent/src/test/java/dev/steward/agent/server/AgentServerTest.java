package dev.steward.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.steward.agent.Agent;
import dev.steward.agent.AgentConfig;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.common.testing.Eventually;
import dev.steward.agent.testing.FakeServiceBackend;
import dev.steward.agent.testing.Resources;
import dev.steward.agent.testing.Tgz;
import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ApplySummary;
import dev.steward.agent.v1.ArtifactHeader;
import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.CheckOutcome;
import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.ControlServiceResponse;
import dev.steward.agent.v1.FourLetterWord;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetServiceStatusRequest;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.PreflightThresholds;
import dev.steward.agent.v1.ProbeBrokerRequest;
import dev.steward.agent.v1.ProbeServiceGrpc;
import dev.steward.agent.v1.ProbeZooKeeperRequest;
import dev.steward.agent.v1.ProbeZooKeeperResponse;
import dev.steward.agent.v1.PushArtifactRequest;
import dev.steward.agent.v1.PushArtifactResponse;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.RunPreflightRequest;
import dev.steward.agent.v1.RunPreflightResponse;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import dev.steward.agent.v1.StatArtifactRequest;
import dev.steward.agent.v1.WatchOperationRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every agent RPC over an in-process channel, against the real wiring (a fake service backend). */
class AgentServerTest {

  static final long MAX_ARTIFACT_BYTES = 64 * 1024;

  @TempDir
  Path temp;
  Path root;
  Path state;
  FakeServiceBackend backend;
  Agent agent;
  ManagedChannel channel;
  String serverName;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(temp.resolve("host"));
    state = root.resolve("var/lib/steward");
    startAgent();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (backend.startGate != null) {
      backend.startGate.countDown();
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    agent.close();
  }

  private void startAgent() throws IOException {
    serverName = InProcessServerBuilder.generateName();
    AgentConfig config = new AgentConfig(new InetSocketAddress("127.0.0.1", 0), root, state,
        AgentConfig.BackendChoice.SUPERVISOR, true, null, JavaRuntimeProbe.agentJavaHome(), MAX_ARTIFACT_BYTES, null);
    agent = Agent.create(config, (hostRoot, stateDir, javaHome, events, clock) -> backend = new FakeServiceBackend(events),
        InProcessServerBuilder.forName(serverName), Clock.systemUTC()).start();
    channel = InProcessChannelBuilder.forName(serverName).build();
  }

  private void restartAgent() throws Exception {
    restartAgentWith(() -> { });
  }

  /** Stops the agent, does something to its state while it is down, starts a new one over the same state. */
  private void restartAgentWith(ThrowingRunnable whileDown) throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    agent.close();
    whileDown.run();
    startAgent();
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  // ------------------------------------------------------------------ health

  @Test
  void healthIsServingOnceStarted() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    assertThat(health.check(HealthCheckRequest.newBuilder().build()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService(ResourceServiceGrpc.SERVICE_NAME).build())
        .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  // ------------------------------------------------------------------ apply

  @Test
  void applyStreamsOneResultPerResourceThenTheSummary() {
    List<ApplyEvent> events = apply(request("op-1", false, Resources.directory("/etc/kafka", 0755),
        Resources.file("/etc/kafka/server.properties", "broker.id=1\n")));
    assertThat(events).hasSize(3);
    assertThat(events.subList(0, 2)).allSatisfy(e -> assertThat(e.getResult().getStatus())
        .isEqualTo(ResourceStatus.RESOURCE_STATUS_CHANGED));
    assertThat(events.get(0).getResult().getId()).isEqualTo("directory:/etc/kafka");
    ApplySummary summary = events.get(2).getSummary();
    assertThat(summary.getOperationId()).isEqualTo("op-1");
    assertThat(summary.getChanged()).isEqualTo(2);
    assertThat(summary.getReplayed()).isFalse();
    assertThat(root.resolve("etc/kafka/server.properties")).hasContent("broker.id=1");

    ApplySummary again = last(apply(request("op-2", false, Resources.directory("/etc/kafka", 0755),
        Resources.file("/etc/kafka/server.properties", "broker.id=1\n")))).getSummary();
    assertThat(again.getUnchanged()).isEqualTo(2);
  }

  @Test
  void dryRunReportsWouldChangeAndChangesNothing() {
    List<ApplyEvent> events = apply(request("plan-1", true, Resources.file("/etc/kafka/server.properties", "x=1\n")));
    assertThat(events.get(0).getResult().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE);
    assertThat(events.get(1).getSummary().getWouldChange()).isEqualTo(1);
    assertThat(root.resolve("etc")).doesNotExist();
  }

  @Test
  void resendingAFinishedOperationReplaysItsResultsAndChangesNothing() throws Exception {
    ApplyRequest request = request("op-1", false, Resources.file("/etc/a.properties", "a=1\n"));
    List<ApplyEvent> first = apply(request);
    Files.writeString(root.resolve("etc/a.properties"), "edited by hand\n");

    List<ApplyEvent> replay = apply(request);
    assertThat(replay.get(0).getResult()).isEqualTo(first.get(0).getResult());
    assertThat(last(replay).getSummary().getReplayed()).isTrue();
    assertThat(last(replay).getSummary().getChanged()).isEqualTo(1);
    assertThat(root.resolve("etc/a.properties")).hasContent("edited by hand");
  }

  @Test
  void theJournalSurvivesAnAgentRestart() throws Exception {
    ApplyRequest request = request("op-1", false, Resources.file("/etc/a.properties", "a=1\n"));
    apply(request);
    restartAgent();
    assertThat(last(apply(request)).getSummary().getReplayed()).isTrue();
    assertThat(last(watch("op-1")).getSummary().getChanged()).isEqualTo(1);
  }

  @Test
  void anOperationInterruptedByAnAgentRestartIsReportedAndRunsAgainWhenResent() throws Exception {
    ApplyRequest request = request("interrupted", false, Resources.file("/etc/a.properties", "a=1\n"));
    restartAgentWith(() -> {
      // the agent died mid-apply: its journal says RUNNING
      var journal = new dev.steward.agent.journal.OperationJournal(state.resolve("operations"), 10);
      journal.save(dev.steward.agent.journal.OperationRecord.started("interrupted", "apply", "apply of 1 resources",
          dev.steward.agent.journal.RequestDigest.of("apply", request), 1));
    });
    assertThatThrownBy(() -> watch("interrupted"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
          assertThat(e.getStatus().getDescription()).contains("re-send Apply with the same operation id");
        });
    List<ApplyEvent> rerun = apply(request);
    assertThat(last(rerun).getSummary().getReplayed()).isFalse();
    assertThat(last(rerun).getSummary().getChanged()).isEqualTo(1);
    assertThat(root.resolve("etc/a.properties")).hasContent("a=1");
  }

  @Test
  void reusingAnOperationIdForADifferentRequestIsAlreadyExists() {
    apply(request("op-1", false, Resources.file("/etc/a.properties", "a=1\n")));
    assertThatThrownBy(() -> apply(request("op-1", false, Resources.file("/etc/a.properties", "a=2\n"))))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
          assertThat(e.getStatus().getDescription()).contains("op-1").contains("new operation id");
        });
  }

  @Test
  void aMalformedRequestIsInvalidArgumentNamingTheFieldAndNothingRuns() {
    assertThatThrownBy(() -> apply(request("op-1", false, Resources.file("/etc/ok", "x"),
        Resources.file("etc/relative", "x"))))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("resources[1]").contains("file.path").contains("relative");
        });
    assertThat(root.resolve("etc/ok")).doesNotExist();
    assertThatThrownBy(() -> apply(request("", false))).hasMessageContaining("operation_id is empty");
  }

  @Test
  void watchOperationStreamsAFinishedOperationAndUnknownIdsAreNotFound() {
    List<ApplyEvent> applied = apply(request("op-1", false, Resources.file("/etc/a", "a\n")));
    List<ApplyEvent> watched = watch("op-1");
    assertThat(watched.get(0)).isEqualTo(applied.get(0));
    assertThat(last(watched).getSummary().getChanged()).isEqualTo(1);
    assertThatThrownBy(() -> watch("never-ran"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void applyThatAsksToBeRecordedStoresTheDesiredStateOnlyWhenItSucceeded() throws Exception {
    ApplyRequest recorded = request("op-1", false, Resources.file("/etc/a", "a\n")).toBuilder()
        .setRecordAsDesired(true).build();
    apply(recorded);
    dev.steward.agent.journal.LastAppliedStore store =
        new dev.steward.agent.journal.LastAppliedStore(state.resolve("last-applied.json"));
    assertThat(store.read()).get().satisfies(stored -> {
      assertThat(stored.getOperationId()).isEqualTo("op-1");
      assertThat(stored.getResourcesList()).isEqualTo(recorded.getResourcesList());
      assertThat(stored.getRecordAsDesired()).isFalse();
    });
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(state.resolve("last-applied.json")))).as("it may hold secrets").isEqualTo("rw-------");

    Files.createDirectories(root.resolve("var/lib/zookeeper"));
    Files.writeString(root.resolve("var/lib/zookeeper/myid"), "7\n");
    apply(request("op-2", false, Resources.myid("/var/lib/zookeeper/myid", 1)).toBuilder().setRecordAsDesired(true)
        .build());
    assertThat(Files.readString(state.resolve("last-applied.json"))).contains("op-1").doesNotContain("op-2");
  }

  @Test
  void aSecondApplyWithTheSameIdAttachesToTheRunningOneInsteadOfRunningTwice() throws Exception {
    backend.startGate = new CountDownLatch(1);
    ApplyRequest request = request("slow", false, kafkaService());
    Collector first = applyAsync(request);
    assertThat(backend.startEntered.await(10, TimeUnit.SECONDS)).isTrue();
    Collector second = applyAsync(request);

    backend.startGate.countDown();
    first.awaitDone();
    second.awaitDone();
    assertThat(second.events).isEqualTo(first.events);
    assertThat(last(second.events).getSummary().getChanged()).isEqualTo(1);
    assertThat(backend.actions.stream().filter(a -> a.startsWith("start"))).hasSize(1);
  }

  @Test
  void anotherOperationWaitsForTheRunningOneUntilItsDeadlineThenIsAborted() throws Exception {
    backend.startGate = new CountDownLatch(1);
    Collector slow = applyAsync(request("slow-op", false, kafkaService()));
    assertThat(backend.startEntered.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> {
      Iterator<ApplyEvent> events = ResourceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(1, TimeUnit.SECONDS)
          .apply(request("other", false, Resources.file("/etc/b", "b\n")));
      events.forEachRemaining(e -> { });
    }).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
      assertThat(e.getStatus().getDescription()).contains("another operation is running: slow-op");
    });

    // without a deadline it simply waits its turn
    Collector patient = applyAsync(request("patient", false, Resources.file("/etc/c", "c\n")));
    backend.startGate.countDown();
    slow.awaitDone();
    patient.awaitDone();
    assertThat(last(patient.events).getSummary().getChanged()).isEqualTo(1);
    assertThat(root.resolve("etc/b")).doesNotExist();
    assertThatThrownBy(() -> watch("other")).as("the aborted operation never ran")
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void aCancelledApplyStreamStopsButTheOperationFinishesAndCanBeWatched() throws Exception {
    backend.startGate = new CountDownLatch(1);
    List<ApplyEvent> received = new CopyOnWriteArrayList<>();
    CompletableFuture<ClientCallStreamObserver<ApplyRequest>> call = new CompletableFuture<>();
    CountDownLatch closed = new CountDownLatch(1);
    ResourceServiceGrpc.newStub(channel).apply(request("cancel-me", false, Resources.file("/etc/first", "1\n"),
        kafkaService(), Resources.file("/etc/after", "2\n")), new ClientResponseObserver<ApplyRequest, ApplyEvent>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<ApplyRequest> requestStream) {
            call.complete(requestStream);
          }

          @Override
          public void onNext(ApplyEvent event) {
            received.add(event);
          }

          @Override
          public void onError(Throwable t) {
            closed.countDown();
          }

          @Override
          public void onCompleted() {
            closed.countDown();
          }
        });
    assertThat(backend.startEntered.await(10, TimeUnit.SECONDS)).isTrue();
    Eventually.within(Duration.ofSeconds(10)).until("the first result", () -> received.size() == 1);

    call.get().cancel("the coordinator went away", null);
    assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
    backend.startGate.countDown();

    Eventually.within(Duration.ofSeconds(10)).until("the operation to finish",
        () -> Files.exists(root.resolve("etc/after")));
    assertThat(received).as("nothing was streamed to the cancelled call after the cancel").hasSize(1);
    List<ApplyEvent> watched = watch("cancel-me");
    assertThat(last(watched).getSummary().getChanged()).isEqualTo(3);
  }

  // ------------------------------------------------------------------ artifacts

  @Test
  void pushArtifactStoresItUnderItsChecksumAndStatFindsIt() throws Exception {
    byte[] tgz = Tgz.distribution("kafka_2.13-3.9.1", "3.9.1");
    String sha = Tgz.sha512(tgz);
    assertThat(stat(sha).getPresent()).isFalse();

    PushArtifactResponse response = push("kafka_2.13-3.9.1.tgz", sha, tgz.length, tgz, 100);
    assertThat(response.getSha512()).isEqualTo(sha);
    assertThat(response.getAlreadyPresent()).isFalse();
    assertThat(state.resolve("artifacts/" + sha + ".tgz")).hasBinaryContent(tgz);
    assertThat(state.resolve("artifacts/" + sha + ".name")).hasContent("kafka_2.13-3.9.1.tgz");
    assertThat(stat(sha).getPresent()).isTrue();
    assertThat(stat(sha).getSize()).isEqualTo(tgz.length);

    assertThat(push("kafka_2.13-3.9.1.tgz", sha, tgz.length, tgz, 100).getAlreadyPresent()).isTrue();

    // and an archive resource can use it right away
    List<ApplyEvent> events = apply(request("install", false, Resources.archive("kafka_2.13-3.9.1", sha)));
    assertThat(events.get(0).getResult().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_CHANGED);
  }

  @Test
  void checksumMismatchIsInvalidArgumentAndLeavesNothingBehind() throws Exception {
    byte[] tgz = Tgz.distribution("kafka_2.13-3.9.1", "3.9.1");
    String wrong = Tgz.sha512("something else".getBytes());
    assertThatThrownBy(() -> push("kafka_2.13-3.9.1.tgz", wrong, tgz.length, tgz, 64))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("SHA-512 mismatch").contains(wrong)
              .contains(Tgz.sha512(tgz));
        });
    assertThat(artifactFiles()).isEmpty();
  }

  @Test
  void badArtifactNamesAreRefused() throws Exception {
    byte[] data = "x".getBytes();
    String sha = Tgz.sha512(data);
    for (String name : List.of("../x", "/etc/passwd", "", "..", "a/b.tgz", "x\n.tgz")) {
      assertThatThrownBy(() -> push(name, sha, data.length, data, 1))
          .as("name %s", name)
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("header.name");
          });
    }
    assertThatThrownBy(() -> push("ok.tgz", "abc", data.length, data, 1))
        .hasMessageContaining("header.sha512");
    assertThat(artifactFiles()).isEmpty();
  }

  @Test
  void oversizeArtifactsAreRefusedByHeaderAndByActualBytes() throws Exception {
    byte[] big = new byte[(int) MAX_ARTIFACT_BYTES + 1];
    assertThatThrownBy(() -> push("big.tgz", Tgz.sha512(big), big.length, big, 8192))
        .hasMessageContaining("exceeds the agent's limit");
    byte[] data = new byte[1000];
    assertThatThrownBy(() -> push("liar.tgz", Tgz.sha512(data), 10, data, 100))
        .hasMessageContaining("more than header.size");
    assertThat(artifactFiles()).isEmpty();
  }

  @Test
  void chunksBeforeTheHeaderAreRefused() {
    CompletableFuture<PushArtifactResponse> result = new CompletableFuture<>();
    StreamObserver<PushArtifactRequest> upload = ArtifactServiceGrpc.newStub(channel).pushArtifact(observer(result));
    upload.onNext(PushArtifactRequest.newBuilder().setChunk(ByteString.copyFromUtf8("data")).build());
    upload.onCompleted();
    assertThatThrownBy(result::join).hasMessageContaining("first message of PushArtifact must be the header");
  }

  // ------------------------------------------------------------------ service control

  @Test
  void controlIsDeduplicatedByOperationIdAndRestartClearsPendingReasons() throws Exception {
    apply(request("install", false, kafkaService()));
    apply(request("config", false, Resources.file("/etc/kafka.properties", "a=1\n", ServiceName.SERVICE_NAME_KAFKA)));
    apply(request("config-2", false, Resources.file("/etc/kafka.properties", "a=2\n", ServiceName.SERVICE_NAME_KAFKA)));
    ServiceControlServiceGrpc.ServiceControlServiceBlockingStub control = ServiceControlServiceGrpc.newBlockingStub(channel);
    assertThat(control.getServiceStatus(GetServiceStatusRequest.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA)
        .build()).getStatus().getPendingRestartsList()).singleElement()
        .satisfies(r -> assertThat(r.getKind()).isEqualTo(RestartReasonKind.RESTART_REASON_KIND_CONFIG_CHANGED));

    ControlServiceRequest restart = ControlServiceRequest.newBuilder().setOperationId("restart-1")
        .setService(ServiceName.SERVICE_NAME_KAFKA).setAction(ServiceAction.SERVICE_ACTION_RESTART)
        .setReason(RestartReasonKind.RESTART_REASON_KIND_CONFIG_CHANGED).build();
    ControlServiceResponse first = control.controlService(restart);
    assertThat(first.getReplayed()).isFalse();
    assertThat(first.getStatus().getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE);
    assertThat(first.getStatus().getPendingRestartsList()).isEmpty();

    ControlServiceResponse again = control.controlService(restart);
    assertThat(again.getReplayed()).isTrue();
    assertThat(again.getStatus()).isEqualTo(first.getStatus());
    assertThat(backend.actions.stream().filter(a -> a.startsWith("restart"))).hasSize(1);

    assertThatThrownBy(() -> control.controlService(restart.toBuilder().setAction(ServiceAction.SERVICE_ACTION_STOP).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    assertThatThrownBy(() -> apply(request("restart-1", false)))
        .as("an id used for a control operation cannot be reused for an apply")
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
  }

  @Test
  void startingAServiceWhoseRequirementIsNotActiveFailsAndTheFailureIsReplayed() {
    ServiceResource kafka = kafkaService().getService().toBuilder().setState(ServiceRunState.SERVICE_RUN_STATE_STOPPED)
        .addRequires(ServiceName.SERVICE_NAME_ZOOKEEPER).build();
    apply(request("define", false, Resource.newBuilder().setId("service:kafka").setService(kafka).build()));
    ServiceControlServiceGrpc.ServiceControlServiceBlockingStub control = ServiceControlServiceGrpc.newBlockingStub(channel);
    ControlServiceRequest start = ControlServiceRequest.newBuilder().setOperationId("start-1")
        .setService(ServiceName.SERVICE_NAME_KAFKA).setAction(ServiceAction.SERVICE_ACTION_START).build();
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> control.controlService(start))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription()).contains("requires");
          });
    }
    assertThat(backend.actions).doesNotContain("start SERVICE_NAME_KAFKA");
  }

  @Test
  void controlOfAnUnspecifiedServiceIsInvalid() {
    assertThatThrownBy(() -> ServiceControlServiceGrpc.newBlockingStub(channel).controlService(
        ControlServiceRequest.newBuilder().setOperationId("x").setAction(ServiceAction.SERVICE_ACTION_START).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  // ------------------------------------------------------------------ probes, facts, preflight

  @Test
  void probeZooKeeperRefusesAnAddressOfAnotherHost() {
    assertThatThrownBy(() -> ProbeServiceGrpc.newBlockingStub(channel).probeZooKeeper(ProbeZooKeeperRequest.newBuilder()
        .setAddress("192.0.2.10").setPort(2181).setCommand(FourLetterWord.FOUR_LETTER_WORD_SRVR).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("not an address of this host");
        });
  }

  @Test
  void probeOfALocalPortWithNothingOnItIsUnreachable() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ProbeZooKeeperResponse response = ProbeServiceGrpc.newBlockingStub(channel).probeZooKeeper(
        ProbeZooKeeperRequest.newBuilder().setAddress("127.0.0.1").setPort(closedPort)
            .setCommand(FourLetterWord.FOUR_LETTER_WORD_SRVR).build());
    assertThat(response.getReachable()).isFalse();
    assertThat(response.getError()).contains("cannot talk to ZooKeeper");
    assertThat(ProbeServiceGrpc.newBlockingStub(channel).probeBroker(ProbeBrokerRequest.newBuilder()
        .setAddress("127.0.0.1").setPort(closedPort).build()).getListening()).isFalse();
  }

  @Test
  void factsAndPreflightAnswerOverGrpc() {
    HostServiceGrpc.HostServiceBlockingStub host = HostServiceGrpc.newBlockingStub(channel);
    assertThat(host.getFacts(GetFactsRequest.newBuilder().addPaths("/var/lib/kafka").build()).getFacts()
        .getPaths(0).getPath()).isEqualTo("/var/lib/kafka");
    assertThatThrownBy(() -> host.getFacts(GetFactsRequest.newBuilder().addPaths("../etc").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

    RunPreflightResponse preflight = host.runPreflight(RunPreflightRequest.newBuilder()
        .setThresholds(PreflightThresholds.newBuilder().setMinMemoryBytes(1).setMinFreeDiskBytes(1)
            .setMinJavaFeatureVersion(11))
        .addDataPaths("/var/lib/kafka/logs")
        .build());
    assertThat(preflight.getChecksList()).extracting(c -> c.getOutcome()).containsOnly(CheckOutcome.CHECK_OUTCOME_PASS);
    assertThat(preflight.getClockUnixMillis()).isPositive();
  }

  // ------------------------------------------------------------------ helpers

  static ApplyRequest request(String id, boolean dryRun, Resource... resources) {
    return ApplyRequest.newBuilder().setOperationId(id).setDryRun(dryRun).addAllResources(List.of(resources)).build();
  }

  static Resource kafkaService() {
    return Resource.newBuilder().setId("service:kafka").setService(ServiceResource.newBuilder()
        .setService(ServiceName.SERVICE_NAME_KAFKA)
        .setState(ServiceRunState.SERVICE_RUN_STATE_RUNNING)
        .setLaunch(JvmLaunch.newBuilder().setInstallDir("/opt/kafka").setConfigFile("/etc/kafka.properties")
            .setLogDir("/var/log/kafka")))
        .build();
  }

  private List<ApplyEvent> apply(ApplyRequest request) {
    List<ApplyEvent> events = new ArrayList<>();
    ResourceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).apply(request)
        .forEachRemaining(events::add);
    return events;
  }

  private List<ApplyEvent> watch(String id) {
    List<ApplyEvent> events = new ArrayList<>();
    ResourceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .watchOperation(WatchOperationRequest.newBuilder().setOperationId(id).build()).forEachRemaining(events::add);
    return events;
  }

  private Collector applyAsync(ApplyRequest request) {
    Collector collector = new Collector();
    ResourceServiceGrpc.newStub(channel).apply(request, collector);
    return collector;
  }

  private static ApplyEvent last(List<ApplyEvent> events) {
    return events.get(events.size() - 1);
  }

  private dev.steward.agent.v1.StatArtifactResponse stat(String sha) {
    return ArtifactServiceGrpc.newBlockingStub(channel).statArtifact(StatArtifactRequest.newBuilder().setSha512(sha).build());
  }

  private PushArtifactResponse push(String name, String sha, long size, byte[] data, int chunk) {
    CompletableFuture<PushArtifactResponse> result = new CompletableFuture<>();
    StreamObserver<PushArtifactRequest> upload = ArtifactServiceGrpc.newStub(channel).pushArtifact(observer(result));
    upload.onNext(PushArtifactRequest.newBuilder().setHeader(ArtifactHeader.newBuilder()
        .setName(name).setSha512(sha).setSize(size)).build());
    for (int offset = 0; offset < data.length; offset += chunk) {
      upload.onNext(PushArtifactRequest.newBuilder()
          .setChunk(ByteString.copyFrom(data, offset, Math.min(chunk, data.length - offset))).build());
    }
    upload.onCompleted();
    try {
      return result.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.completeExceptionally(new IllegalStateException("no response"));
      }
    };
  }

  private List<Path> artifactFiles() throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("artifacts"))) {
      return files.toList();
    }
  }

  /** Collects a server stream. */
  static final class Collector implements StreamObserver<ApplyEvent> {
    final List<ApplyEvent> events = new CopyOnWriteArrayList<>();
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable error;

    @Override
    public void onNext(ApplyEvent event) {
      events.add(event);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      done.countDown();
    }

    @Override
    public void onCompleted() {
      done.countDown();
    }

    void awaitDone() throws InterruptedException {
      assertThat(done.await(30, TimeUnit.SECONDS)).as("stream finished").isTrue();
    }
  }

  @SuppressWarnings("unused")
  private static List<ResourceResult> results(List<ApplyEvent> events) {
    return events.stream().filter(ApplyEvent::hasResult).map(ApplyEvent::getResult).toList();
  }
}
