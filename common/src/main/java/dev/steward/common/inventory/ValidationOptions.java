package dev.steward.common.inventory;

/**
 * Choices the user makes on the command line that relax validation.
 *
 * @param allowUnsafeEnsemble accept an even-sized or single-node ZooKeeper ensemble (reported
 *     as a warning instead of an error)
 */
public record ValidationOptions(boolean allowUnsafeEnsemble) {

  public static ValidationOptions strict() {
    return new ValidationOptions(false);
  }
}
