package dev.steward.coordinator.cli;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.pki.PkiDirectory;
import dev.steward.coordinator.pki.PkiLocation;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --pki DIR}: where the cluster's PKI is, when not at the inventory's agent.pki (or the default). */
public final class PkiOptions {

  @Option(names = "--pki", paramLabel = "DIR",
      description = "The cluster's PKI directory (default: the inventory's agent.pki, else ~/.steward/pki/<cluster>). "
          + "Other commands (apply, status, ...) find it through agent.pki only.")
  Path dir;

  Optional<Path> option() {
    return Optional.ofNullable(dir);
  }

  PkiDirectory directory(Inventory inventory) {
    return new PkiDirectory(PkiLocation.of(inventory, option()));
  }

  /** The PKI, which must exist: else exit 2 naming `steward ca init`. */
  PkiDirectory existing(Inventory inventory) {
    PkiDirectory pki = directory(inventory);
    if (!pki.exists()) {
      throw new ExitException(ExitCode.BAD_INPUT, "no cluster CA in " + pki.dir() + ": run `steward ca init -i "
          + "INVENTORY" + (dir == null ? "" : " --pki " + dir) + "` first");
    }
    return pki;
  }

  static HostSpec host(Inventory inventory, String name) {
    return inventory.host(name).orElseThrow(() -> new ExitException(ExitCode.BAD_INPUT, "no host named " + name
        + " in the inventory (hosts: " + String.join(", ", inventory.hosts().stream().map(HostSpec::name).toList())
        + ")"));
  }
}
