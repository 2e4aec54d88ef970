package dev.steward.agent.resource;

/** A resource that cannot be observed or converged; the message is the result's message. */
public final class ResourceFailure extends Exception {

  private static final long serialVersionUID = 1L;

  public ResourceFailure(String message) {
    super(message);
  }

  public ResourceFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
