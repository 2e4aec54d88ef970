package dev.steward.coordinator.rollout;

import dev.steward.common.inventory.InventoryEditor;
import dev.steward.coordinator.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The inventory file, brought up to date after each phase of an upgrade: the new
 * {@code kafka.version} and, between the phases, the pinned {@code kafka.interBrokerProtocolVersion}.
 * The inventory must say what runs, or a later `apply` would downgrade the binaries, or unpin
 * the protocol without the confirmation the bump requires.
 */
public final class UpgradeInventoryFile {

  private final Path file;

  public UpgradeInventoryFile(Path file) {
    this.file = file;
  }

  /**
   * Rewrites the file for the state's phase, keeping the previous text beside it.
   *
   * @return a note for the user; empty when the file already said so (or the rollout upgrades nothing)
   */
  public String record(RolloutState state) throws IOException {
    if (state.targetVersion() == null) {
      return "";
    }
    String text = Files.readString(file);
    Optional<String> pin = Optional.ofNullable(state.pinnedProtocol());
    Optional<String> edited = InventoryEditor.setKafkaVersion(text, state.targetVersion(), pin);
    String wanted = "kafka.version: " + state.targetVersion()
        + pin.map(p -> ", kafka.interBrokerProtocolVersion: \"" + p + "\"").orElse(" (no interBrokerProtocolVersion)");
    if (edited.isEmpty()) {
      return "could not edit " + file + " safely: set " + wanted + " in it by hand before the next apply";
    }
    if (edited.get().equals(text)) {
      return "";
    }
    Path backup = file.resolveSibling(file.getFileName() + ".before-" + state.id());
    // Written in place, a crash mid-write left a truncated inventory. The backup keeps the file's permissions:
    // an inventory is the user's to share or not.
    DurableFiles.Mode mode = DurableFiles.Mode.sameAs(file);
    DurableFiles.write(backup, text, mode);
    DurableFiles.write(file, edited.get(), mode);
    return "updated " + file + " (" + wanted + "); the previous version is in " + backup;
  }
}
