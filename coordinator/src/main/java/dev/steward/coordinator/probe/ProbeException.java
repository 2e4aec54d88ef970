package dev.steward.coordinator.probe;

/** A cluster probe could not get an answer. */
public final class ProbeException extends Exception {

  private static final long serialVersionUID = 1L;

  public ProbeException(String message, Throwable cause) {
    super(message, cause);
  }
}
