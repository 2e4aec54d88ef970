package dev.steward.agent.logs;

import dev.steward.agent.v1.LogLine;

/** Where a source sends lines: blocks while the caller cannot take more (flow control). */
public interface LogStream {

  /** Thrown by {@link #emit} once the caller went away. */
  final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
      super("the caller cancelled");
    }
  }

  /** Sends a line, waiting while the transport is full. */
  void emit(LogLine line) throws InterruptedException;

  boolean cancelled();

  /** Runs {@code action} once, when the caller cancels (at once when it already has). */
  void onCancel(Runnable action);
}
