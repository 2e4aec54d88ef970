package dev.steward.agent.server;

import dev.steward.agent.logs.LogQuery;
import dev.steward.agent.logs.LogStream;
import dev.steward.agent.logs.ServiceLogs;
import dev.steward.agent.v1.LogLine;
import dev.steward.agent.v1.LogServiceGrpc;
import dev.steward.agent.v1.ReadLogsRequest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

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
      logs.read(request.getService(), LogQuery.of(request), stream);
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

  /**
   * Blocks the reading thread while the transport's buffer is full, so a slow caller makes the
   * agent wait (and journalctl block on its pipe) rather than queue lines in memory.
   */
  static final class CallStream implements LogStream {

    private final ServerCallStreamObserver<LogLine> call;
    /**
     * The call's context: cancelled at once when the caller cancels or its connection goes. The
     * observer's own handlers would not do: gRPC runs them on the call's serializing executor,
     * behind this (blocking) handler, so they would only run after the follow ended.
     */
    private final Context context = Context.current();
    private final Object lock = new Object();
    private final List<Runnable> onCancel = new ArrayList<>();
    private boolean cancelled;

    CallStream(ServerCallStreamObserver<LogLine> call) {
      this.call = call;
      call.setOnReadyHandler(this::wake);
      call.setOnCancelHandler(this::cancel);
      context.addListener(cancelled -> cancel(), Runnable::run);
    }

    private void wake() {
      synchronized (lock) {
        lock.notifyAll();
      }
    }

    private void cancel() {
      List<Runnable> actions;
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        actions = new ArrayList<>(onCancel);
        onCancel.clear();
        lock.notifyAll();
      }
      actions.forEach(Runnable::run);
    }

    @Override
    public void emit(LogLine line) throws InterruptedException {
      synchronized (lock) {
        while (!call.isReady()) {
          if (cancelled || context.isCancelled() || call.isCancelled()) {
            throw new CancelledException();
          }
          // isReady() reads the transport; the onReady handler may be queued behind this call
          lock.wait(50);
        }
        if (cancelled) {
          throw new CancelledException();
        }
      }
      call.onNext(line);
    }

    @Override
    public boolean cancelled() {
      synchronized (lock) {
        return cancelled || context.isCancelled() || call.isCancelled();
      }
    }

    @Override
    public void onCancel(Runnable action) {
      boolean now;
      synchronized (lock) {
        now = cancelled;
        if (!now) {
          onCancel.add(action);
        }
      }
      if (now) {
        action.run();
      }
    }
  }
}
