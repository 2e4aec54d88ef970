package dev.steward.agent.exec;

import java.util.List;

/**
 * How a command ended.
 *
 * @param exitCode the process's exit status; -1 when it timed out and was killed
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, boolean timedOut) {

  public CommandResult {
    argv = List.copyOf(argv);
  }

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  /** "systemctl start kafka.service" for messages. */
  public String command() {
    return String.join(" ", argv);
  }

  /** stderr, else stdout, trimmed: what a failed command said about itself. */
  public String said() {
    String err = stderr.strip();
    return err.isEmpty() ? stdout.strip() : err;
  }

  /** One line for a failure message: the command, how it ended, and its own words. */
  public String describeFailure() {
    String how = timedOut ? "timed out" : "exited with status " + exitCode;
    String said = said();
    return "'" + command() + "' " + how + (said.isEmpty() ? "" : ": " + said);
  }
}
