package dev.steward.agent.artifact;

/** A rejected upload or lookup; the message names the field and the fix. */
public final class ArtifactException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why, so the RPC layer can pick a status code. */
  public enum Reason {
    /** The request is wrong (bad name, bad checksum format, too large, content does not match). */
    INVALID,
    /** Writing to the store failed. */
    STORAGE,
  }

  private final Reason reason;

  public ArtifactException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ArtifactException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
