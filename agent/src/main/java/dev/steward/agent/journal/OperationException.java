package dev.steward.agent.journal;

/** An operation request that is refused or could not complete; the message says why and what to do. */
public final class OperationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why, so the RPC layer can pick a status code. */
  public enum Reason {
    INVALID,
    /** The operation id was used for a different request. */
    ALREADY_EXISTS,
    NOT_FOUND,
    /** Another operation holds the agent, or this one was interrupted by an agent restart. */
    ABORTED,
    FAILED_PRECONDITION,
    DEADLINE_EXCEEDED,
    CANCELLED,
    INTERNAL,
  }

  private final Reason reason;

  public OperationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
