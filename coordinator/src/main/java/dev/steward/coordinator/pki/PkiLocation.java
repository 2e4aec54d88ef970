package dev.steward.coordinator.pki;

import dev.steward.common.inventory.Inventory;
import java.nio.file.Path;
import java.util.Optional;

/** Where a cluster's PKI lives: {@code --pki}, else the inventory's {@code agent.pki}, else {@code ~/.steward/pki/<cluster>}. */
public final class PkiLocation {

  private PkiLocation() {
  }

  public static Path of(Inventory inventory, Optional<Path> option) {
    if (option.isPresent()) {
      return option.get().toAbsolutePath().normalize();
    }
    Optional<String> configured = inventory.agent().pki();
    if (configured.isPresent()) {
      return expandHome(configured.get());
    }
    return home().resolve(".steward").resolve("pki").resolve(inventory.cluster());
  }

  /** Before an inventory exists (`steward adopt`): {@code --pki}, else {@code ~/.steward/pki/<cluster>}. */
  public static Path of(String cluster, Optional<Path> option) {
    if (option.isPresent()) {
      return option.get().toAbsolutePath().normalize();
    }
    return home().resolve(".steward").resolve("pki").resolve(cluster);
  }

  static Path expandHome(String path) {
    if (path.equals("~")) {
      return home();
    }
    if (path.startsWith("~/")) {
      return home().resolve(path.substring(2)).normalize();
    }
    return Path.of(path).toAbsolutePath().normalize();
  }

  private static Path home() {
    return Path.of(System.getProperty("user.home"));
  }
}
