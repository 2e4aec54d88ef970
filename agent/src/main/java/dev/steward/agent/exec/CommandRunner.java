package dev.steward.agent.exec;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one way the agent runs another program: an argv (never a shell, so nothing a request
 * carries is ever interpreted), a timeout, captured output. Resource handlers and backends
 * depend on this interface only, so their parsing and decisions are tested with recorded
 * outputs instead of a real systemctl, ufw or apt.
 */
public interface CommandRunner {

  /**
   * Runs {@code argv} to completion or until {@code timeout}, with stdin from /dev/null.
   *
   * @param environment added to (and overriding) the agent's own environment
   * @throws IOException when the program cannot be started at all (e.g. it is not installed)
   */
  CommandResult run(List<String> argv, Map<String, String> environment, Duration timeout) throws IOException;

  default CommandResult run(List<String> argv, Duration timeout) throws IOException {
    return run(argv, Map.of(), timeout);
  }
}
