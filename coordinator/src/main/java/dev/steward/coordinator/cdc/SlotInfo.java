package dev.steward.coordinator.cdc;

/**
 * A replication slot as pg_replication_slots shows it. {@code retainedWalBytes} is how much WAL the server keeps
 * for it (from its restart_lsn to the current position): a slot nobody reads from makes this grow until the disk
 * fills, which is why a deleted connector's slot must be dropped. {@code plugin} and {@code database} are null
 * for physical slots.
 */
public record SlotInfo(String name, String plugin, String database, boolean active, long retainedWalBytes) {

  public boolean logical() {
    return database != null;
  }
}
