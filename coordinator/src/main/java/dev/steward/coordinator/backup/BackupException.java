package dev.steward.coordinator.backup;

/**
 * A backup or restore refused or failed. {@code badInput} marks a refusal caused by what the
 * operator gave (a wrong archive, another cluster's backup): nothing was changed anywhere.
 */
public final class BackupException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean badInput;

  private BackupException(String message, boolean badInput) {
    super(message);
    this.badInput = badInput;
  }

  public static BackupException refused(String message) {
    return new BackupException(message, true);
  }

  public static BackupException failed(String message) {
    return new BackupException(message, false);
  }

  public boolean badInput() {
    return badInput;
  }
}
