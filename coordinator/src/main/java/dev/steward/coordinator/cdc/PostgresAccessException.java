package dev.steward.coordinator.cdc;

import java.sql.SQLException;

/**
 * A statement Steward ran on PostgreSQL failed. Unchecked because its callers (CLI commands) can only report it;
 * the message names the target (never its password) and the driver's reason, the SQLState stays available.
 */
public final class PostgresAccessException extends RuntimeException {

  private final String sqlState;

  public PostgresAccessException(String doing, PostgresTarget target, SQLException cause) {
    super(doing + " on " + target + " failed: " + target.redact(cause.getMessage()), cause);
    this.sqlState = cause.getSQLState();
  }

  public String sqlState() {
    return sqlState;
  }
}
