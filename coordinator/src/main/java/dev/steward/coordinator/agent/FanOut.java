package dev.steward.coordinator.agent;

import io.grpc.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs calls on a bounded pool and waits for all of them. A call given a deadline runs inside a
 * gRPC context that expires then, so every RPC it makes ends by that time, however many it makes:
 * a host that never answers costs its deadline once, while the other hosts' calls go on beside it.
 * The deadline counts from when the call starts, not from when it was queued behind the cap.
 */
final class FanOut implements AutoCloseable {

  /** True on a pool thread while it runs a call. */
  private static final ThreadLocal<Boolean> IN_CALL = ThreadLocal.withInitial(() -> false);

  private final ExecutorService pool;
  private final ScheduledExecutorService deadlines;

  FanOut(int maxConcurrentCalls) {
    this.pool = Executors.newFixedThreadPool(maxConcurrentCalls, daemon("fleet"));
    this.deadlines = Executors.newSingleThreadScheduledExecutor(daemon("fleet-deadline"));
  }

  /** Each call's outcome, in the order given. */
  <T> List<Fleet.Outcome<T>> run(List<Supplier<T>> calls, Optional<Duration> deadline) {
    if (IN_CALL.get()) {
      // A call that fans out again would wait for pool threads that may all be waiting for it
      // (a deadlock once the pool is bounded), so the inner calls run here, one after another.
      return calls.stream().map(call -> Fleet.Outcome.attempt(() -> within(call, deadline))).toList();
    }
    List<Future<T>> futures = new ArrayList<>();
    for (Supplier<T> call : calls) {
      futures.add(pool.submit(() -> {
        IN_CALL.set(true);
        try {
          return within(call, deadline);
        } finally {
          IN_CALL.set(false);
        }
      }));
    }
    List<Fleet.Outcome<T>> outcomes = new ArrayList<>();
    for (Future<T> future : futures) {
      outcomes.add(await(future));
    }
    return outcomes;
  }

  private <T> T within(Supplier<T> call, Optional<Duration> deadline) {
    if (deadline.isEmpty()) {
      return call.get();
    }
    Context.CancellableContext context = Context.current()
        .withDeadlineAfter(deadline.get().toNanos(), TimeUnit.NANOSECONDS, deadlines);
    Context previous = context.attach();
    try {
      return call.get();
    } finally {
      context.detach(previous);
      context.cancel(null);
    }
  }

  private static <T> Fleet.Outcome<T> await(Future<T> future) {
    try {
      return Fleet.Outcome.of(future.get());
    } catch (ExecutionException e) {
      return Fleet.Outcome.failed(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Fleet.Outcome.failed(e);
    }
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    pool.shutdownNow();
    deadlines.shutdownNow();
  }
}
