package dev.steward.agent.host;

/** A logical path from a request that the agent refuses to touch; the message says why. */
public final class PathRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  public PathRejectedException(String message) {
    super(message);
  }
}
