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
      Deadline deadline = Context.current().getDeadline();
      long maxWait = deadline == null ? -1 : Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS));
      ApplyOperations.Subscription subscription = operations.apply(request, maxWait, call::isCancelled, subscriber);
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
