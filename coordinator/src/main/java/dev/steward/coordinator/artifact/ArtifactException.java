package dev.steward.coordinator.artifact;

/** The Kafka distribution is missing or does not match its checksum: bad input, exit 2. */
public final class ArtifactException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String fix;

  public ArtifactException(String field, String message, String fix) {
    super(message);
    this.field = field;
    this.fix = fix;
  }

  public String field() {
    return field;
  }

  public String fix() {
    return fix;
  }
}
