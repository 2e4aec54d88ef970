package dev.steward.coordinator.agent;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A call to one host's agent failed; says which host and which call. */
public final class AgentCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String host;
  private final transient Status status;

  public AgentCallException(String host, String call, StatusRuntimeException cause) {
    super(host + ": " + call + " failed: " + describe(cause), cause);
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

  /**
   * The status, and for a connection that failed the reason from deep inside it: a TLS
   * handshake refused by the coordinator's trust checks says why (not enrolled, revoked, wrong
   * host...), which gRPC's own description does not.
   */
  public static String describe(StatusRuntimeException error) {
    Status status = error.getStatus();
    String text = status.getCode().name();
    if (status.getDescription() != null) {
      text += ": " + status.getDescription();
    }
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      String tls = tlsProblem(error);
      if (tls != null) {
        text += " (TLS handshake failed: " + tls + ")";
      } else {
        text += " (is steward-agent running on that host and reachable on its port?)";
      }
    }
    return text;
  }

  /** The message of the innermost certificate or handshake failure in the causes, if any. */
  static String tlsProblem(Throwable error) {
    String found = null;
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof java.security.cert.CertificateException || cause instanceof javax.net.ssl.SSLException) {
        found = cause.getMessage();
        if (cause instanceof java.security.cert.CertificateException) {
          return found;
        }
      }
    }
    return found;
  }
}
