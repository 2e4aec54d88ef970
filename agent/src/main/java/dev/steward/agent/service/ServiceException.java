package dev.steward.agent.service;

/** A service operation that cannot be done; the message names the cause and the fix. */
public final class ServiceException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why, so the RPC layer can pick a status code. */
  public enum Reason {
    /** The definition itself is unusable (bad path, unsafe option). */
    INVALID_DEFINITION,
    /** No definition is installed for the service. */
    NOT_DEFINED,
    /** A service this one requires is not running. */
    REQUIREMENT_NOT_ACTIVE,
    /** This backend cannot do what the definition asks (e.g. run as another user). */
    UNSUPPORTED,
    /** The process could not be launched or stopped. */
    OPERATION_FAILED,
  }

  private final Reason reason;

  public ServiceException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ServiceException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
