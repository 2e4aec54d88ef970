package dev.steward.coordinator.cdc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where and as whom to log in to PostgreSQL: the connector's {@code database.*} settings, or a superuser's.
 * {@link #toString()} leaves the password out so a target can be logged and shown in reports.
 */
public record PostgresTarget(String host, int port, String database, String user, String password) {

  // Bounded so a precheck against a firewalled address fails in seconds instead of hanging the CLI.
  private static final String CONNECT_TIMEOUT_SECONDS = "10";
  private static final String LOGIN_TIMEOUT_SECONDS = "15";
  private static final String SOCKET_TIMEOUT_SECONDS = "60";

  public PostgresTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535: " + port);
    }
  }

  /** The connector's target, from its {@code database.hostname/port/user/password/dbname} settings. */
  public static PostgresTarget fromConnectorConfig(Map<String, String> config) {
    return new PostgresTarget(required(config, "database.hostname"), port(config),
        required(config, "database.dbname"), required(config, "database.user"),
        config.getOrDefault("database.password", ""));
  }

  private static int port(Map<String, String> config) {
    String port = config.getOrDefault("database.port", "5432").trim();
    try {
      return Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("database.port is not a number: " + port, e);
    }
  }

  public PostgresTarget withDatabase(String otherDatabase) {
    return new PostgresTarget(host, port, otherDatabase, user, password);
  }

  public PostgresTarget withLogin(String otherUser, String otherPassword) {
    return new PostgresTarget(host, port, database, otherUser, otherPassword);
  }

  /** The URL without credentials: they travel as connection properties, so the URL can be shown. */
  public String jdbcUrl() {
    String urlHost = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + urlHost + ":" + port + "/" + database;
  }

  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
    properties.setProperty("loginTimeout", LOGIN_TIMEOUT_SECONDS);
    properties.setProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
    properties.setProperty("ApplicationName", "steward");
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /** Replaces the password wherever it appears in {@code text}, e.g. in a driver's error message. */
  public String redact(String text) {
    if (text == null || password.isEmpty()) {
      return text;
    }
    return text.replace(password, "****");
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port + "/" + database;
  }

  private static String required(Map<String, String> config, String key) {
    String value = config.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("connector config has no " + key);
    }
    return value.trim();
  }
}
