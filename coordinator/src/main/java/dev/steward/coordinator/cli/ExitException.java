package dev.steward.coordinator.cli;

/** Ends a command with an exit code after its message has been printed to stderr. */
final class ExitException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;

  ExitException(int code, String message) {
    super(message);
    this.code = code;
  }

  int code() {
    return code;
  }
}
