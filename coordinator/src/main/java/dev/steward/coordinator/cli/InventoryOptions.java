package dev.steward.coordinator.cli;

import dev.steward.common.inventory.InventoryException;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.InventoryProblem;
import dev.steward.common.inventory.LoadedInventory;
import dev.steward.common.inventory.ValidationOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The inventory every cluster command works on, loaded and validated before any host is contacted. */
public final class InventoryOptions {

  @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "FILE",
      description = "The cluster inventory (YAML). See docs/inventory.md.")
  Path file;

  @Option(names = "--allow-unsafe-ensemble",
      description = "Accept an even-sized or single-node ZooKeeper ensemble (it tolerates no more failures "
          + "than one node fewer, or none at all).")
  boolean allowUnsafeEnsemble;

  /**
   * Loads and validates; on any problem prints them all and ends the command with exit code 2.
   */
  LoadedInventory load(PrintWriter err) {
    try {
      LoadedInventory loaded = new InventoryLoader(new ValidationOptions(allowUnsafeEnsemble)).load(file);
      for (InventoryProblem warning : loaded.warnings()) {
        err.println("warning: " + warning);
      }
      return loaded;
    } catch (InventoryException e) {
      throw new ExitException(ExitCode.BAD_INPUT, e.getMessage());
    }
  }
}
