package dev.steward.agent.server;

import dev.steward.agent.logs.LogQuery;
import dev.steward.agent.logs.LogStream;
import dev.steward.agent.logs.ServiceLogs;
import dev.steward.agent.v1.LogLine;
import dev.steward.agent.v1.LogServiceGrpc;
import dev.steward.agent.v1.ReadLogsRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** A service's log lines, streamed with flow control until done or, when following, cancelled. */
final class LogServiceImpl extends LogServiceGrpc.LogServiceImplBase {

  private final ServiceLogs logs;

  LogServiceImpl(ServiceLogs logs) {
    this.logs = logs;
  }

  @Override
  public void readLogs(ReadLogsRequest request, StreamObserver<LogLine> response) {
    CallStream stream = new CallStream((ServerCallStreamObserver<LogLine>) response);
    try {
      if (request.getAgent()) {
        if (request.getService() != dev.steward.agent.v1.ServiceName.SERVICE_NAME_UNSPECIFIED) {
          throw new IllegalArgumentException("name a service or the agent, not both");
        }
        logs.readAgent(LogQuery.of(request), stream);
      } else {
        logs.read(request.getService(), LogQuery.of(request), stream);
      }
      response.onCompleted();
    } catch (LogStream.CancelledException e) {
      // the caller went away (the end of every follow)
    } catch (ServiceLogs.UnknownServiceException e) {
      response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(Status.CANCELLED.withDescription("the agent was stopping").asRuntimeException());
    } catch (Exception e) {
      if (!stream.cancelled()) {
        response.onError(GrpcErrors.of(e));
      }
    }
  }

  /** A log source's view of the call: the lines go out through the one blocking stream of the agent's server. */
  static final class CallStream implements LogStream {

    private final BlockingServerStream<LogLine> stream;

    CallStream(ServerCallStreamObserver<LogLine> call) {
      this.stream = new BlockingServerStream<>(call, LogStream.CancelledException::new);
    }

    @Override
    public void emit(LogLine line) throws InterruptedException {
      stream.send(line);
    }

    @Override
    public boolean cancelled() {
      return stream.cancelled();
    }

    @Override
    public void onCancel(Runnable action) {
      stream.onCancel(action);
    }
  }
}
