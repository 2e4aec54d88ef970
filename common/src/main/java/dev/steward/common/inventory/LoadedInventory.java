package dev.steward.common.inventory;

import java.nio.file.Path;
import java.util.List;

/**
 * A valid inventory with the warnings found while validating it.
 *
 * @param file where it was read from (null for an inventory parsed from a string)
 */
public record LoadedInventory(Inventory inventory, List<InventoryProblem> warnings, Path file) {

  public LoadedInventory {
    warnings = List.copyOf(warnings);
  }
}
