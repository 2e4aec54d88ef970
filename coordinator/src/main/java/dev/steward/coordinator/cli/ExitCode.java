package dev.steward.coordinator.cli;

/** The process exit codes every command uses. */
public final class ExitCode {

  public static final int OK = 0;
  /** Something failed (a host, a gate, an unhealthy cluster). */
  public static final int FAILURE = 1;
  /** The input was wrong (arguments, inventory, artifact); nothing on any host was touched. */
  public static final int BAD_INPUT = 2;
  /** {@code plan} only: the plan has changes to make. */
  public static final int CHANGES_PENDING = 3;

  private ExitCode() {
  }
}
