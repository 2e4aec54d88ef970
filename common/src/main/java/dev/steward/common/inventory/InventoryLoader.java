package dev.steward.common.inventory;

import java.nio.file.Path;

/**
 * Reads an inventory YAML file, applies the defaults of {@code docs/inventory.md} and
 * validates it. Every problem is collected (not just the first) so a user fixes them all
 * in one go.
 */
public final class InventoryLoader {

  private final ValidationOptions options;

  public InventoryLoader(ValidationOptions options) {
    this.options = options;
  }

  /**
   * Loads {@code file}. Relative artifact paths are resolved against the file's directory.
   *
   * @throws InventoryException with every problem found, when the file is unreadable, not
   *     YAML, or invalid
   */
  public LoadedInventory load(Path file) throws InventoryException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Parses YAML text; {@code baseDir} resolves relative paths, {@code source} names it in errors. */
  public LoadedInventory parse(String yaml, Path baseDir, String source) throws InventoryException {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
