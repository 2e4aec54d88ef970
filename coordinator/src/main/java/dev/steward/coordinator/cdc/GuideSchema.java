package dev.steward.coordinator.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * The guide's CDC source: database analytics_db with its user_events table and three sample rows, and the
 * connector's login. Idempotent, so the sandbox can run it at every start: existing objects are kept, the login's
 * password is reset, and the sample rows are inserted only into an empty table.
 *
 * <p>The connector's user gets what Debezium needs to read and no more: LOGIN, REPLICATION, CONNECT, USAGE on
 * public and SELECT on its tables. The publication is created here, by the superuser, FOR TABLE
 * public.user_events under Debezium's default name (dbz_publication), and the connector uses it as it is. The
 * alternatives are worse: Debezium's default publication.autocreate.mode (all_tables) would need the connector's
 * user to be a superuser, and making it the table's owner so it can create a filtered publication would let the
 * CDC account alter, truncate or drop the application's table. Publishing only this table also keeps the
 * publication from making UPDATEs fail on other tables that have no primary key.
 */
public final class GuideSchema {

  public static final String DATABASE = "analytics_db";
  public static final TableName TABLE = new TableName("public", "user_events");

  private static final String DUPLICATE_DATABASE = "42P04";
  private static final String DUPLICATE_OBJECT = "42710";

  private static final String CREATE_TABLE = """
      CREATE TABLE IF NOT EXISTS public.user_events (
        id SERIAL PRIMARY KEY,
        user_id INTEGER,
        event_type VARCHAR(50),
        event_data JSONB,
        created_at TIMESTAMP DEFAULT NOW()
      )""";

  // One statement, so two concurrent runs cannot both see an empty table and insert twice.
  private static final String SAMPLE_ROWS = """
      INSERT INTO public.user_events (user_id, event_type, event_data)
      SELECT sample.user_id, sample.event_type, sample.event_data::jsonb
      FROM (VALUES
        (1001, 'login', '{"ip": "192.168.1.100", "device": "mobile"}'),
        (1002, 'purchase', '{"product_id": 123, "amount": 99.99}'),
        (1003, 'logout', '{"session_duration": 1800}')
      ) AS sample (user_id, event_type, event_data)
      WHERE NOT EXISTS (SELECT 1 FROM public.user_events)""";

  private GuideSchema() {
  }

  /** On a {@link LocalPostgres}, as its superuser. */
  public static PostgresTarget create(LocalPostgres server, String cdcUser, String cdcPassword) {
    return create(server.superuser("postgres"), cdcUser, cdcPassword);
  }

  /**
   * Creates the guide's objects, logged in as {@code superuser} (its database is only where it first connects),
   * and returns the connector's target: analytics_db as {@code cdcUser}.
   */
  public static PostgresTarget create(PostgresTarget superuser, String cdcUser, String cdcPassword) {
    return create(superuser, cdcUser, cdcPassword, CaptureScope.DEFAULT_PUBLICATION);
  }

  /** As {@link #create(PostgresTarget, String, String)}, for a connector whose publication.name is not the default. */
  public static PostgresTarget create(PostgresTarget superuser, String cdcUser, String cdcPassword,
      String publication) {
    if (cdcUser.equals(superuser.user())) {
      // The connector's login gets its password reset and its rights narrowed: never do that to the superuser.
      throw new IllegalArgumentException("the connector's user must not be the superuser " + superuser.user());
    }
    try {
      try (Connection admin = superuser.connect()) {
        ensureLogin(admin, cdcUser, cdcPassword);
        ensureDatabase(admin);
      }
      try (Connection analytics = superuser.withDatabase(DATABASE).connect()) {
        analytics.setAutoCommit(false);
        ensureTableAndRows(analytics);
        grantRead(analytics, cdcUser);
        ensurePublication(analytics, publication);
        analytics.commit();
      }
    } catch (SQLException e) {
      throw new PostgresAccessException("creating the guide's schema", superuser, e);
    }
    return new PostgresTarget(superuser.host(), superuser.port(), DATABASE, cdcUser, cdcPassword);
  }

  private static void ensureLogin(Connection admin, String user, String password) throws SQLException {
    String role = SqlIdentifiers.quote(user);
    try (Statement statement = admin.createStatement()) {
      if (exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
        statement.execute("ALTER ROLE " + role + " WITH LOGIN REPLICATION");
      } else {
        try {
          statement.execute("CREATE ROLE " + role + " WITH LOGIN REPLICATION");
        } catch (SQLException e) {
          if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
            throw e;
          }
        }
      }
    }
    // Hashed here, by the driver: the server, its statement log included, never sees the password itself.
    admin.unwrap(PGConnection.class).alterUserPassword(user, password.toCharArray(), "scram-sha-256");
  }

  private static void ensureDatabase(Connection admin) throws SQLException {
    if (exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
      return;
    }
    try (Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + SqlIdentifiers.quote(DATABASE));
    } catch (SQLException e) {
      if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static void ensureTableAndRows(Connection analytics) throws SQLException {
    try (Statement statement = analytics.createStatement()) {
      statement.execute(CREATE_TABLE);
      statement.execute(SAMPLE_ROWS);
    }
  }

  private static void grantRead(Connection analytics, String user) throws SQLException {
    String role = SqlIdentifiers.quote(user);
    try (Statement statement = analytics.createStatement()) {
      statement.execute("GRANT CONNECT ON DATABASE " + SqlIdentifiers.quote(DATABASE) + " TO " + role);
      statement.execute("GRANT USAGE ON SCHEMA public TO " + role);
      statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
      // Tables the superuser adds later are readable too, so widening table.include.list needs no new GRANT.
      statement.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + role);
    }
  }

  private static void ensurePublication(Connection analytics, String publication) throws SQLException {
    if (exists(analytics, "SELECT 1 FROM pg_publication WHERE pubname = ?", publication)) {
      return;
    }
    try (Statement statement = analytics.createStatement()) {
      statement.execute("CREATE PUBLICATION " + SqlIdentifiers.quote(publication) + " FOR TABLE public.user_events");
    }
  }

  private static boolean exists(Connection connection, String query, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }
}
