package dev.steward.coordinator.adopt;

/** The hosts cannot be adopted as they are; the message names the host, what was found and what to do. */
public final class AdoptionRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  public AdoptionRefusedException(String message) {
    super(message);
  }
}
