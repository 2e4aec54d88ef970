package dev.steward.coordinator.pki;

/**
 * Enrollment did not happen. {@link #badInput()}: the operator's input was wrong (token,
 * fingerprint, host) and no agent was changed; else the agent or the checks failed.
 */
public final class EnrollmentException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean badInput;

  public EnrollmentException(boolean badInput, String message) {
    super(message);
    this.badInput = badInput;
  }

  public EnrollmentException(boolean badInput, String message, Throwable cause) {
    super(message, cause);
    this.badInput = badInput;
  }

  public boolean badInput() {
    return badInput;
  }
}
