package dev.steward.coordinator.connect;

/**
 * A Connect worker's REST API did not do what was asked. The message names the worker and
 * the request, and carries Connect's own explanation when it gave one.
 */
public final class ConnectRestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** No HTTP answer at all: connection refused, timed out, interrupted. */
  public static final int NO_ANSWER = 0;

  private final int httpStatus;

  public ConnectRestException(int httpStatus, String message) {
    this(httpStatus, message, null);
  }

  public ConnectRestException(int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
  }

  /** The worker's HTTP status, or {@link #NO_ANSWER} (0) when it did not answer. */
  public int httpStatus() {
    return httpStatus;
  }

  public boolean answered() {
    return httpStatus != NO_ANSWER;
  }
}
