package dev.steward.coordinator.cli;

import dev.steward.coordinator.cdc.LocalPostgres;

/** Where the psql next to the PostgreSQL binaries the sandbox runs is, for the hints it prints. */
final class LocalPsql {

  private LocalPsql() {
  }

  static String path() {
    try {
      return LocalPostgres.findBinaries().resolve("psql").toString();
    } catch (RuntimeException e) {
      return "psql";
    }
  }
}
