package dev.steward.coordinator.cdc;

import dev.steward.coordinator.cdc.PostgresFacts.PublicationFacts;
import dev.steward.coordinator.cdc.PostgresFacts.ReplicaIdentity;
import dev.steward.coordinator.cdc.PostgresFacts.TableFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@link PostgresFacts} over a connection logged in as the connector's user. Every query uses catalogs and
 * functions any login can read, so the answers are what that user can and cannot do.
 */
final class PostgresFactsReader {

  private static final String SERVER = """
      SELECT current_user, current_database(), current_setting('server_version') AS version,
             current_setting('wal_level') AS wal_level,
             current_setting('max_replication_slots')::int AS max_slots,
             current_setting('max_wal_senders')::int AS max_senders,
             (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender')::int AS senders,
             r.rolreplication, r.rolsuper,
             has_database_privilege(current_database(), 'CREATE') AS can_create
      FROM pg_roles r WHERE r.rolname = current_user""";

  // Temporary and TOAST schemas hold no tables Debezium could capture.
  private static final String TABLES = """
      SELECT n.nspname, c.relname, c.relkind = 'p' AS partitioned, c.relreplident,
             EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary) AS has_pk,
             has_table_privilege(c.oid, 'SELECT') AS can_select,
             has_schema_privilege(n.oid, 'USAGE') AS schema_usage,
             pg_has_role(c.relowner, 'USAGE') AS owned
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
      ORDER BY n.nspname, c.relname""";

  private static final String PUBLICATION = """
      SELECT puballtables, pg_has_role(pubowner, 'USAGE') AS owned FROM pg_publication WHERE pubname = ?""";

  private static final String PUBLISHED_TABLES = """
      SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ? ORDER BY 1, 2""";

  private PostgresFactsReader() {
  }

  static PostgresFacts read(Connection connection, String publicationName) throws SQLException {
    List<SlotInfo> slots = ReplicationSlots.list(connection);
    List<TableFacts> tables = tables(connection);
    Optional<PublicationFacts> publication = publication(connection, publicationName);
    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(SERVER)) {
      if (!row.next()) {
        throw new SQLException("the current user has no row in pg_roles");
      }
      return new PostgresFacts(row.getString("current_user"), row.getString("current_database"),
          row.getString("version"), row.getString("wal_level"), row.getInt("max_slots"), slots,
          row.getInt("max_senders"), row.getInt("senders"), row.getBoolean("rolreplication"),
          row.getBoolean("rolsuper"), row.getBoolean("can_create"), tables, publication);
    }
  }

  private static List<TableFacts> tables(Connection connection) throws SQLException {
    List<TableFacts> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(TABLES)) {
      while (rows.next()) {
        tables.add(new TableFacts(new TableName(rows.getString("nspname"), rows.getString("relname")),
            rows.getBoolean("partitioned"), rows.getBoolean("has_pk"),
            ReplicaIdentity.fromCatalog(rows.getString("relreplident")), rows.getBoolean("can_select"),
            rows.getBoolean("schema_usage"), rows.getBoolean("owned")));
      }
    }
    return tables;
  }

  private static Optional<PublicationFacts> publication(Connection connection, String name) throws SQLException {
    boolean allTables;
    boolean owned;
    try (PreparedStatement statement = connection.prepareStatement(PUBLICATION)) {
      statement.setString(1, name);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        allTables = row.getBoolean("puballtables");
        owned = row.getBoolean("owned");
      }
    }
    List<TableName> published = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(PUBLISHED_TABLES)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          published.add(new TableName(rows.getString("schemaname"), rows.getString("tablename")));
        }
      }
    }
    return Optional.of(new PublicationFacts(name, allTables, owned, published));
  }
}
