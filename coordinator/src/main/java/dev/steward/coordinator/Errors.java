package dev.steward.coordinator;

/** Error text for people: the innermost cause's message, which is usually the useful one. */
public final class Errors {

  private Errors() {
  }

  public static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
