package dev.steward.coordinator.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists and drops what a Debezium connector leaves behind on PostgreSQL. Deleting a connector keeps its slot and
 * publication, and the slot makes the server keep every WAL segment written since, so these are the clean-up
 * after a connector is gone. Dropping needs the REPLICATION attribute (slots) or ownership (publications).
 * Failures other than an active slot are {@link PostgresAccessException}s.
 */
public final class ReplicationSlots {

  // On a standby pg_current_wal_lsn() raises an error; the replayed position is its equivalent there.
  private static final String LIST = """
      SELECT slot_name, plugin, database, active,
             COALESCE(pg_wal_lsn_diff(
                 CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END,
                 restart_lsn), 0)::bigint AS retained
      FROM pg_replication_slots
      ORDER BY slot_name""";

  private static final String STATE = """
      SELECT active, active_pid, database FROM pg_replication_slots WHERE slot_name = ?""";

  private static final String OBJECT_IN_USE = "55006";
  private static final String UNDEFINED_OBJECT = "42704";

  private ReplicationSlots() {
  }

  /** Every slot of the server (slots are per cluster, not per database), by name. */
  public static List<SlotInfo> list(PostgresTarget target) {
    try (Connection connection = target.connect()) {
      return list(connection);
    } catch (SQLException e) {
      throw new PostgresAccessException("listing replication slots", target, e);
    }
  }

  static List<SlotInfo> list(Connection connection) throws SQLException {
    List<SlotInfo> slots = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(LIST)) {
      while (rows.next()) {
        slots.add(new SlotInfo(rows.getString("slot_name"), rows.getString("plugin"), rows.getString("database"),
            rows.getBoolean("active"), rows.getLong("retained")));
      }
    }
    return slots;
  }

  /**
   * Drops {@code slot}; false when there is no such slot. A logical slot can only be dropped from its own
   * database, so when {@code target} names another one the drop runs there, with the same login.
   *
   * @throws SlotActiveException while a client streams from the slot: the connector must be stopped or deleted
   *     first, otherwise it would fail or, worse, recreate the slot and lose its position
   */
  public static boolean dropSlot(PostgresTarget target, String slot) {
    try {
      return dropSlotOrThrow(target, slot);
    } catch (SQLException e) {
      throw new PostgresAccessException("dropping replication slot '" + slot + "'", target, e);
    }
  }

  private static boolean dropSlotOrThrow(PostgresTarget target, String slot) throws SQLException {
    String slotDatabase;
    try (Connection connection = target.connect();
        PreparedStatement statement = connection.prepareStatement(STATE)) {
      statement.setString(1, slot);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return false;
        }
        if (row.getBoolean("active")) {
          int pid = row.getInt("active_pid");
          throw new SlotActiveException(slot, row.wasNull() ? null : pid);
        }
        slotDatabase = row.getString("database");
      }
      if (slotDatabase == null || slotDatabase.equals(target.database())) {
        return drop(connection, slot);
      }
    }
    try (Connection connection = target.withDatabase(slotDatabase).connect()) {
      return drop(connection, slot);
    }
  }

  /** Drops {@code publication} from the target's database; false when it has none of that name. */
  public static boolean dropPublication(PostgresTarget target, String publication) {
    try (Connection connection = target.connect()) {
      try (PreparedStatement exists = connection.prepareStatement(
          "SELECT 1 FROM pg_publication WHERE pubname = ?")) {
        exists.setString(1, publication);
        try (ResultSet row = exists.executeQuery()) {
          if (!row.next()) {
            return false;
          }
        }
      }
      try (Statement drop = connection.createStatement()) {
        drop.execute("DROP PUBLICATION IF EXISTS " + SqlIdentifiers.quote(publication));
      }
      return true;
    } catch (SQLException e) {
      throw new PostgresAccessException("dropping publication '" + publication + "'", target, e);
    }
  }

  private static boolean drop(Connection connection, String slot) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      statement.setString(1, slot);
      statement.execute();
      return true;
    } catch (SQLException e) {
      // Between the look-up and the drop a connector may have attached, or someone else dropped it.
      if (OBJECT_IN_USE.equals(e.getSQLState())) {
        throw new SlotActiveException(slot, null);
      }
      if (UNDEFINED_OBJECT.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }
}
