package dev.steward.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.logs.LogStream;
import dev.steward.agent.logs.ServiceLogs;
import dev.steward.agent.v1.LogLine;
import dev.steward.agent.v1.LogServiceGrpc;
import dev.steward.agent.v1.ReadLogsRequest;
import dev.steward.agent.v1.ServiceName;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gRPC side of a follow: a caller's cancel reaches the (blocking) source at once. */
class LogServiceImplTest {

  private Server server;
  private ManagedChannel channel;
  private final CountDownLatch cancelSeen = new CountDownLatch(1);
  private final CompletableFuture<String> sourceEnded = new CompletableFuture<>();

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private void start() throws Exception {
    ServiceLogs logs = new ServiceLogs(service -> service == ServiceName.SERVICE_NAME_KAFKA, (service, query, stream) -> {
      stream.onCancel(cancelSeen::countDown);
      stream.emit(LogLine.newBuilder().setUnixMicros(1).setText("one").build());
      // a follow that never ends by itself, like journalctl -f: only a cancel stops it
      while (!stream.cancelled()) {
        Thread.sleep(10);
      }
      sourceEnded.complete("cancelled");
      throw new LogStream.CancelledException();
    });
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(new LogServiceImpl(logs)).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @Test
  void aCallersCancelEndsTheFollowPromptly() throws Exception {
    start();
    List<String> lines = new CopyOnWriteArrayList<>();
    AtomicReference<ClientCallStreamObserver<ReadLogsRequest>> call = new AtomicReference<>();
    LogServiceGrpc.newStub(channel).readLogs(ReadLogsRequest.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA)
        .setFollow(true).build(), new ClientResponseObserver<ReadLogsRequest, LogLine>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<ReadLogsRequest> requestStream) {
            call.set(requestStream);
          }

          @Override
          public void onNext(LogLine value) {
            lines.add(value.getText());
            call.get().cancel("done reading", null);
          }

          @Override
          public void onError(Throwable t) {
          }

          @Override
          public void onCompleted() {
          }
        });
    assertThat(cancelSeen.await(2, TimeUnit.SECONDS)).as("the source's cancel action ran").isTrue();
    assertThat(sourceEnded.get(2, TimeUnit.SECONDS)).isEqualTo("cancelled");
    assertThat(lines).containsExactly("one");
  }

  @Test
  void theAgentsOwnLogIsAskedForWithoutAServiceAndNotBoth() throws Exception {
    start();
    assertThatThrownBy(() -> LogServiceGrpc.newBlockingStub(channel).readLogs(ReadLogsRequest.newBuilder()
        .setAgent(true).build()).forEachRemaining(l -> { }))
        .as("this ServiceLogs knows no agent log")
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains("own log");
        });
    assertThatThrownBy(() -> LogServiceGrpc.newBlockingStub(channel).readLogs(ReadLogsRequest.newBuilder()
        .setAgent(true).setService(ServiceName.SERVICE_NAME_KAFKA).build()).forEachRemaining(l -> { }))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void aServiceNotDefinedHereIsNotFound() throws Exception {
    start();
    assertThatThrownBy(() -> LogServiceGrpc.newBlockingStub(channel).readLogs(ReadLogsRequest.newBuilder()
        .setService(ServiceName.SERVICE_NAME_KAFKA_CONNECT).build()).forEachRemaining(l -> { }))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains("kafka-connect is not defined on this host");
        });
    assertThatThrownBy(() -> LogServiceGrpc.newBlockingStub(channel).readLogs(ReadLogsRequest.newBuilder()
        .setService(ServiceName.SERVICE_NAME_KAFKA).setLines(200_000).build()).forEachRemaining(l -> { }))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }
}
