package dev.steward.agent.logs;

import dev.steward.agent.v1.ServiceName;
import java.io.IOException;

/** Reads one service's log where a backend keeps it. */
public interface LogSource {

  /**
   * Emits the lines {@code query} selects, oldest first; with follow, keeps emitting new lines until
   * the stream is cancelled, then returns (or throws {@link LogStream.CancelledException}).
   */
  void read(ServiceName service, LogQuery query, LogStream stream) throws IOException, InterruptedException;
}
