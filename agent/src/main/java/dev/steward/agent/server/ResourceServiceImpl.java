package dev.steward.agent.server;

import dev.steward.agent.journal.ApplyOperations;
import dev.steward.agent.journal.OperationException;
import dev.steward.agent.journal.OperationSubscriber;
import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.WatchOperationRequest;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;

/**
 * Apply and WatchOperation: both stream an operation's events to the call. A cancelled call
 * only stops its own stream; the operation runs on (see {@link ApplyOperations}).
 */
final class ResourceServiceImpl extends ResourceServiceGrpc.ResourceServiceImplBase {

  private final ApplyOperations operations;

  ResourceServiceImpl(ApplyOperations operations) {
    this.operations = operations;
  }

  @Override
  public void apply(ApplyRequest request, StreamObserver<ApplyEvent> response) {
    ServerCallStreamObserver<ApplyEvent> call = (ServerCallStreamObserver<ApplyEvent>) response;
    CallSubscriber subscriber = new CallSubscriber(call);
    try {
      ApplyOperations.Subscription subscription = operations.apply(request, maxWaitNanos(), call::isCancelled,
          subscriber);
      subscriber.onCancel(subscription);
    } catch (OperationException e) {
      subscriber.onFailed(e);
    } catch (RuntimeException e) {
      subscriber.fail(e);
    }
  }

  @Override
  public void watchOperation(WatchOperationRequest request, StreamObserver<ApplyEvent> response) {
    ServerCallStreamObserver<ApplyEvent> call = (ServerCallStreamObserver<ApplyEvent>) response;
    CallSubscriber subscriber = new CallSubscriber(call);
    try {
      subscriber.onCancel(operations.watch(request.getOperationId(), subscriber));
    } catch (OperationException e) {
      subscriber.onFailed(e);
    } catch (RuntimeException e) {
      subscriber.fail(e);
    }
  }

  /**
   * How long to wait for another operation: the call's deadline, less a margin so that the
   * caller hears "another operation is running" (ABORTED) rather than a bare DEADLINE_EXCEEDED.
   * No deadline: wait as long as it takes.
   */
  private static long maxWaitNanos() {
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return -1;
    }
    long remaining = deadline.timeRemaining(TimeUnit.NANOSECONDS);
    return Math.max(0, remaining - remaining / 10 - TimeUnit.MILLISECONDS.toNanos(200));
  }

  /** Forwards an operation's events to one call, and stops once the call is gone. */
  private static final class CallSubscriber implements OperationSubscriber {

    private final ServerCallStreamObserver<ApplyEvent> call;
    private volatile ApplyOperations.Subscription subscription = ApplyOperations.Subscription.NONE;
    private boolean closed;

    CallSubscriber(ServerCallStreamObserver<ApplyEvent> call) {
      this.call = call;
      // Registered before anything is sent, so that onNext after a cancel is dropped instead of thrown.
      call.setOnCancelHandler(() -> subscription.cancel());
    }

    void onCancel(ApplyOperations.Subscription subscription) {
      this.subscription = subscription;
      if (call.isCancelled()) {
        subscription.cancel();
      }
    }

    @Override
    public synchronized void onEvent(ApplyEvent event) {
      if (!closed && !call.isCancelled()) {
        call.onNext(event);
      }
    }

    @Override
    public synchronized void onCompleted() {
      if (!closed && !call.isCancelled()) {
        closed = true;
        call.onCompleted();
      }
    }

    @Override
    public synchronized void onFailed(OperationException failure) {
      fail(failure);
    }

    synchronized void fail(Throwable failure) {
      if (!closed && !call.isCancelled()) {
        closed = true;
        call.onError(GrpcErrors.of(failure));
      }
    }
  }
}
