package dev.steward.coordinator.agent;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A call to one host's agent failed; says which host and which call. */
public final class AgentCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String host;
  private final transient Status status;

  public AgentCallException(String host, String call, StatusRuntimeException cause) {
    super(host + ": " + call + " failed: " + describe(cause.getStatus()), cause);
    this.host = host;
    this.status = cause.getStatus();
  }

  public String host() {
    return host;
  }

  public Status status() {
    return status;
  }

  /** The agent could not be reached at all (as opposed to refusing the request). */
  public boolean unreachable() {
    return status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
  }

  private static String describe(Status status) {
    String text = status.getCode().name();
    if (status.getDescription() != null) {
      text += ": " + status.getDescription();
    }
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      text += " (is steward-agent running on that host and reachable on its port?)";
    }
    return text;
  }
}
