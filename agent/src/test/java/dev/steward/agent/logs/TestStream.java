package dev.steward.agent.logs;

import dev.steward.agent.v1.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects lines; cancel() acts like a caller going away. */
final class TestStream implements LogStream {

  final List<LogLine> lines = new CopyOnWriteArrayList<>();
  private final List<Runnable> onCancel = new ArrayList<>();
  private volatile boolean cancelled;

  @Override
  public void emit(LogLine line) {
    if (cancelled) {
      throw new CancelledException();
    }
    lines.add(line);
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public synchronized void onCancel(Runnable action) {
    if (cancelled) {
      action.run();
    } else {
      onCancel.add(action);
    }
  }

  synchronized void cancel() {
    cancelled = true;
    onCancel.forEach(Runnable::run);
  }

  static void waitUntil(java.time.Duration timeout, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout);
      }
      Thread.sleep(5);
    }
  }

  List<String> texts() {
    return lines.stream().map(LogLine::getText).toList();
  }
}
