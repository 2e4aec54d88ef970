package dev.steward.coordinator.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

  @TempDir
  Path debianRoot;

  @Test
  void binariesAreTheNewestInstalledVersionThatHasTheServerPrograms() throws IOException {
    serverPrograms("9.6", "initdb", "pg_ctl");
    serverPrograms("13", "initdb", "pg_ctl");
    serverPrograms("16", "initdb");
    Files.createDirectories(debianRoot.resolve("common/bin"));

    assertThat(LocalPostgres.findBinaries(null, debianRoot)).isEqualTo(debianRoot.resolve("13/bin"));
    assertThat(LocalPostgres.findBinaries(" ", debianRoot)).as("a blank override is no override")
        .isEqualTo(debianRoot.resolve("13/bin"));
  }

  @Test
  void missingBinariesFailWithTheInstallCommand() {
    assertThatThrownBy(() -> LocalPostgres.findBinaries(null, debianRoot))
        .isInstanceOf(LocalPostgresException.class).hasMessageContaining("apt-get install postgresql");
    assertThatThrownBy(() -> LocalPostgres.findBinaries(null, debianRoot.resolve("absent")))
        .isInstanceOf(LocalPostgresException.class).hasMessageContaining("apt-get install postgresql");
  }

  @Test
  void overrideMustHoldTheServerPrograms() throws IOException {
    serverPrograms("15", "initdb", "pg_ctl");

    assertThat(LocalPostgres.findBinaries(debianRoot.resolve("15/bin").toString(), Path.of("/nonexistent")))
        .isEqualTo(debianRoot.resolve("15/bin"));
    assertThatThrownBy(() -> LocalPostgres.findBinaries(debianRoot.toString(), debianRoot))
        .hasMessageContaining("STEWARD_PG_BIN=" + debianRoot + " has no executable initdb and pg_ctl");
  }

  @Test
  void startingAgainReusesTheRunningServerAndARestartKeepsTheData() {
    try (PostgresTestServer server = PostgresTestServer.start("logical")) {
      LocalPostgres first = server.postgres();
      server.execute("postgres", "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");
      OptionalLong pid = first.serverPid();

      LocalPostgres second = LocalPostgres.start(first.options());

      assertThat(first.reused()).isFalse();
      assertThat(second.reused()).isTrue();
      assertThat(second.serverPid()).isEqualTo(pid).isPresent();
      assertThat(Files.isRegularFile(first.logFile())).isTrue();

      second.stop();
      assertThat(LocalPostgres.isRunning(first.options().dataDir())).isFalse();
      assertThat(first.serverPid()).isEmpty();

      LocalPostgres restarted = LocalPostgres.start(first.options());
      assertThat(restarted.reused()).isFalse();
      assertThat(PostgresTestServer.count(server.superuser("postgres"), "SELECT id FROM kept")).isEqualTo(42);
      assertThatThrownBy(() -> LocalPostgres.start(new LocalPostgres.Options(first.options().dataDir(),
          "127.0.0.1", first.options().port() + 1, "postgres", PostgresTestServer.SUPERUSER_PASSWORD, "logical", 10,
          10))).hasMessageContaining("already runs on port " + first.options().port());
    }
  }

  @Test
  void optionsAndTargetsNeverShowThePassword() {
    LocalPostgres.Options options = LocalPostgres.Options.loopback(Path.of("/tmp/pg/data"), 55432, "s3cret-pw");
    PostgresTarget target = new PostgresTarget("127.0.0.1", 55432, "analytics_db", "cdc_user", "s3cret-pw");

    assertThat(options.toString()).doesNotContain("s3cret-pw").contains("port=55432");
    assertThat(target).hasToString("cdc_user@127.0.0.1:55432/analytics_db");
    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:55432/analytics_db");
    assertThat(target.redact("FATAL: password s3cret-pw is wrong")).isEqualTo("FATAL: password **** is wrong");
  }

  @Test
  void clientsReachWildcardListenAddressesOnLoopback() {
    assertThat(LocalPostgres.clientHost("*")).isEqualTo("127.0.0.1");
    assertThat(LocalPostgres.clientHost("0.0.0.0")).isEqualTo("127.0.0.1");
    assertThat(LocalPostgres.clientHost("127.0.0.5, ::1")).isEqualTo("127.0.0.5");
    assertThat(new PostgresTarget(LocalPostgres.clientHost("::"), 5432, "db", "u", "p").jdbcUrl())
        .isEqualTo("jdbc:postgresql://[::1]:5432/db");
  }

  private void serverPrograms(String version, String... programs) throws IOException {
    Path bin = Files.createDirectories(debianRoot.resolve(version).resolve("bin"));
    for (String program : programs) {
      Files.createFile(bin.resolve(program), PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwxr-xr-x")));
    }
  }
}
