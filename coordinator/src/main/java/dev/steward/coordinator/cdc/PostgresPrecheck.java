package dev.steward.coordinator.cdc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a PostgreSQL database before a Debezium connector is created on it, logged in as the connector's user,
 * so that what fails at the connector's first start (or, for a publication, in the application's UPDATEs) is
 * reported up front with the statement that fixes it. Reads only; changes nothing on the server.
 */
public final class PostgresPrecheck {

  private PostgresPrecheck() {
  }

  /**
   * The checks in order: connect, wal_level, replication slots, wal senders, replication privilege, tables,
   * select privilege, replica identity, publication. When the login fails only the connect FAIL is returned.
   */
  public static List<CdcCheck> run(PostgresTarget target, CaptureScope scope) {
    Connection connection;
    try {
      connection = target.connect();
    } catch (SQLException e) {
      return List.of(PrecheckRules.connectFailed(target, e.getSQLState(), e.getMessage()));
    }
    try (connection) {
      PostgresFacts facts = PostgresFactsReader.read(connection, scope.publicationName());
      List<CdcCheck> checks = new ArrayList<>();
      checks.add(PrecheckRules.connected(target, facts));
      checks.addAll(PrecheckRules.evaluate(facts, scope));
      return checks;
    } catch (SQLException e) {
      // Logged in, but the catalogs could not be read: report it under connect rather than guess the rest.
      return List.of(CdcCheck.fail(PrecheckRules.CONNECT, target.redact(e.getMessage()),
          "the connector's user can read the catalogs of " + target.database(),
          "logged in, but reading the catalogs failed; check the server log"));
    }
  }
}
