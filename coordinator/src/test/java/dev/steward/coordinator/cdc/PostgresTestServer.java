package dev.steward.coordinator.cdc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for one test class: a fresh directory under /tmp (searchable by the postgres user when the
 * tests run as root), a free loopback port, and everything deleted again on close. Missing binaries fail the
 * class with LocalPostgres's install message; nothing is skipped.
 */
final class PostgresTestServer implements AutoCloseable {

  static final String SUPERUSER_PASSWORD = "superuser-test-secret";

  private final Path root;
  private final LocalPostgres postgres;

  private PostgresTestServer(Path root, LocalPostgres postgres) {
    this.root = root;
    this.postgres = postgres;
  }

  static PostgresTestServer start(String walLevel) {
    requireBinaries();
    Path root;
    try {
      root = Files.createTempDirectory(Path.of("/tmp"), "steward-cdc-test-");
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      LocalPostgres postgres = LocalPostgres.start(options(root, walLevel));
      return new PostgresTestServer(root, postgres);
    } catch (RuntimeException e) {
      deleteTree(root);
      throw e;
    }
  }

  /**
   * Like the lab suite: without PostgreSQL's binaries these tests are skipped with the reason,
   * unless -Dpostgres=required (CI) makes that a failure.
   */
  static void requireBinaries() {
    try {
      LocalPostgres.findBinaries();
    } catch (RuntimeException missing) {
      if ("required".equals(System.getProperty("postgres", "auto"))) {
        throw missing;
      }
      org.junit.jupiter.api.Assumptions.abort("skipped: " + missing.getMessage() + " (-Dpostgres=required fails instead)");
    }
  }

  private static LocalPostgres.Options options(Path root, String walLevel) {
    return new LocalPostgres.Options(root.resolve("data"), "127.0.0.1", freePort(), "postgres", SUPERUSER_PASSWORD,
        walLevel, 10, 10);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  LocalPostgres postgres() {
    return postgres;
  }

  PostgresTarget superuser(String database) {
    return postgres.superuser(database);
  }

  /** Runs statements as the superuser in {@code database}, each in its own transaction. */
  void execute(String database, String... statements) {
    try (Connection connection = superuser(database).connect(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(PostgresTarget target, String query) {
    try (Connection connection = target.connect(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } finally {
      deleteTree(root);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover directory under /tmp does not fail a test
    }
  }
}
