package dev.steward.agent.server;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The response stream of a handler that produces its messages on its own (blocking) thread: each
 * send waits while the transport's buffer is full, so a slow caller makes the agent wait rather
 * than queue the whole answer in memory, and ends the handler once the caller has gone.
 *
 * <p>The observer's onReady and onCancel handlers alone would not do: gRPC runs them on the
 * call's serializing executor, behind the blocking handler itself, so they would only run after
 * it returned. Readiness is therefore polled from the transport, and cancellation heard from the
 * call's {@link Context}, which is cancelled at once.
 */
final class BlockingServerStream<T> {

  /** How long a send waits before it looks at the transport again when no onReady arrives. */
  private static final long READY_POLL_MILLIS = 50;

  private final ServerCallStreamObserver<T> call;
  private final Supplier<? extends RuntimeException> cancelledError;
  private final Context context = Context.current();
  private final Object lock = new Object();
  private final List<Runnable> onCancel = new ArrayList<>();
  private boolean cancelled;

  /**
   * @param cancelledError what {@link #send} throws once the caller has gone; created on the
   *     handler's thread
   */
  BlockingServerStream(ServerCallStreamObserver<T> call, Supplier<? extends RuntimeException> cancelledError) {
    this.call = call;
    this.cancelledError = cancelledError;
    call.setOnReadyHandler(this::wake);
    call.setOnCancelHandler(this::cancel);
    context.addListener(ignored -> cancel(), Runnable::run);
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

  /** Sends one message, waiting while the transport is full; throws the cancellation error once the caller has gone. */
  void send(T message) throws InterruptedException {
    synchronized (lock) {
      while (!call.isReady()) {
        if (cancelled()) {
          throw cancelledError.get();
        }
        lock.wait(READY_POLL_MILLIS);
      }
      if (cancelled) {
        throw cancelledError.get();
      }
    }
    call.onNext(message);
  }

  boolean cancelled() {
    synchronized (lock) {
      return cancelled || context.isCancelled() || call.isCancelled();
    }
  }

  /** Runs {@code action} once, when the caller cancels (at once when it already has). */
  void onCancel(Runnable action) {
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
