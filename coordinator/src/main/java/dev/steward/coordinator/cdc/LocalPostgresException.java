package dev.steward.coordinator.cdc;

/** PostgreSQL could not be found, initialised, started or stopped; the message carries the server log's tail. */
public final class LocalPostgresException extends RuntimeException {

  public LocalPostgresException(String message) {
    super(message);
  }

  public LocalPostgresException(String message, Throwable cause) {
    super(message, cause);
  }
}
