package dev.steward.coordinator.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.coordinator.cdc.CdcCheck.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The precheck against a real PostgreSQL set up as the guide does, then broken one way per test. */
class PostgresPrecheckTest {

  private static final String CDC_USER = "cdc_user";
  private static final String CDC_PASSWORD = "cdc_password123";

  private static PostgresTestServer server;
  private static PostgresTarget cdc;

  @BeforeAll
  static void startPostgres() {
    server = PostgresTestServer.start("logical");
    cdc = GuideSchema.create(server.postgres(), CDC_USER, CDC_PASSWORD);
  }

  @AfterAll
  static void stopPostgres() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void guideSchemaPassesEveryCheck() {
    PostgresTarget again = GuideSchema.create(server.postgres(), CDC_USER, CDC_PASSWORD);

    List<CdcCheck> checks = PostgresPrecheck.run(again, CaptureScope.from(Map.of(
        "table.include.list", "public.user_events", "plugin.name", "pgoutput")));

    assertThat(checks).extracting(CdcCheck::name).containsExactly("connect", "wal_level", "replication slots",
        "wal senders", "replication privilege", "tables", "select privilege", "replica identity", "publication");
    assertThat(checks).allSatisfy(check -> assertThat(check.outcome()).as(check.toString()).isEqualTo(Outcome.PASS));
    assertThat(checks.get(5).observed()).isEqualTo("captures public.user_events");
    assertThat(PostgresPrecheck.run(cdc, CaptureScope.from(Map.of("table.include.list", "public.*"))))
        .as("the guide's wildcard, with Debezium's default all_tables mode and the publication already there")
        .allSatisfy(check -> assertThat(check.outcome()).as(check.toString()).isEqualTo(Outcome.PASS));
    assertThat(PostgresTestServer.count(cdc, "SELECT count(*) FROM user_events"))
        .as("running create twice keeps the guide's three rows").isEqualTo(3);
    assertThat(PostgresTestServer.count(cdc, "SELECT count(*) FROM user_events WHERE event_type = 'purchase'"
        + " AND (event_data->>'amount')::numeric = 99.99")).isEqualTo(1);
  }

  @Test
  void walLevelReplicaIsCaughtWithTheFix() {
    try (PostgresTestServer replica = PostgresTestServer.start("replica")) {
      PostgresTarget target = GuideSchema.create(replica.postgres(), CDC_USER, CDC_PASSWORD);

      List<CdcCheck> checks = PostgresPrecheck.run(target, CaptureScope.from(Map.of()));

      CdcCheck walLevel = check(checks, "wal_level");
      assertThat(walLevel.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(walLevel.observed()).isEqualTo("replica");
      assertThat(walLevel.message()).contains("ALTER SYSTEM SET wal_level = logical", "restart PostgreSQL");
      assertThat(checks).filteredOn(CdcCheck::failed).extracting(CdcCheck::name).containsExactly("wal_level");
    }
  }

  @Test
  void tableWithoutAKeyIsNamedWithTheFix() {
    server.execute("postgres", "CREATE DATABASE shop_db");
    server.execute("shop_db",
        "CREATE TABLE public.orders (id int PRIMARY KEY, total numeric)",
        "CREATE TABLE public.events_nokey (user_id int, event_type text)",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO cdc_user");
    PostgresTarget shop = cdc.withDatabase("shop_db");
    CaptureScope scope = CaptureScope.from(Map.of("table.include.list", "public.orders,public.events_nokey"));

    List<CdcCheck> checks = PostgresPrecheck.run(shop, scope);

    CdcCheck identity = check(checks, "replica identity");
    assertThat(identity.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(identity.observed()).isEqualTo("public.events_nokey (no primary key, REPLICA IDENTITY DEFAULT)");
    assertThat(identity.message()).isEqualTo("ALTER TABLE public.events_nokey REPLICA IDENTITY FULL, or add a"
        + " primary key");
    assertThat(check(checks, "publication").message())
        .as("cdc_user is no superuser, so Debezium cannot create its FOR ALL TABLES publication")
        .contains("CREATE PUBLICATION dbz_publication FOR TABLE public.events_nokey, public.orders");

    server.execute("shop_db", "ALTER TABLE public.events_nokey REPLICA IDENTITY FULL",
        "CREATE PUBLICATION dbz_publication FOR TABLE public.events_nokey, public.orders");

    assertThat(PostgresPrecheck.run(shop, scope))
        .allSatisfy(check -> assertThat(check.outcome()).as(check.toString()).isEqualTo(Outcome.PASS));
  }

  @Test
  void keylessTableOutsideTheScopeIsNamedWhenAForAllTablesPublicationReachesIt() throws SQLException {
    server.execute("postgres", "CREATE DATABASE app_db");
    server.execute("app_db",
        "CREATE TABLE public.payments (id int PRIMARY KEY)",
        "CREATE TABLE public.audit_nokey (note text)",
        "INSERT INTO public.audit_nokey VALUES ('a')",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO cdc_user",
        "CREATE PUBLICATION dbz_publication FOR ALL TABLES");

    List<CdcCheck> checks = PostgresPrecheck.run(cdc.withDatabase("app_db"),
        CaptureScope.from(Map.of("table.include.list", "public.payments")));

    CdcCheck identity = check(checks, "replica identity");
    assertThat(identity.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(identity.message()).contains("ALTER TABLE public.audit_nokey REPLICA IDENTITY FULL",
        "Not captured but published (public.audit_nokey)", "UPDATE and DELETE on them fail");
    try (Connection app = server.superuser("app_db").connect(); Statement statement = app.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate("UPDATE public.audit_nokey SET note = 'b'"))
          .as("what the message warns about").hasMessageContaining("does not have a replica identity");
    }
  }

  @Test
  void userWithoutReplicationIsCaught() {
    server.execute("postgres", "CREATE ROLE plain_reader LOGIN PASSWORD 'reader-secret'");
    server.execute(GuideSchema.DATABASE, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO plain_reader");

    List<CdcCheck> checks = PostgresPrecheck.run(cdc.withLogin("plain_reader", "reader-secret"),
        CaptureScope.from(Map.of("table.include.list", "public.user_events")));

    CdcCheck replication = check(checks, "replication privilege");
    assertThat(replication.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(replication.message()).isEqualTo("as a superuser: ALTER ROLE plain_reader WITH REPLICATION");
    assertThat(checks).filteredOn(CdcCheck::failed).extracting(CdcCheck::name)
        .containsExactly("replication privilege");
  }

  @Test
  void wrongPasswordIsAConnectFailureWithoutThePassword() {
    String wrong = "not-the-password-4711";
    PostgresTarget target = cdc.withLogin(CDC_USER, wrong);

    List<CdcCheck> checks = PostgresPrecheck.run(target, CaptureScope.from(Map.of()));

    assertThat(checks).hasSize(1);
    CdcCheck connect = checks.get(0);
    assertThat(connect.name()).isEqualTo("connect");
    assertThat(connect.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(connect.observed()).contains("password authentication failed for user \"cdc_user\"");
    assertThat(connect.message()).contains("database.password");
    assertThat(connect.toString() + target).doesNotContain(wrong);
  }

  @Test
  void unknownDatabaseIsAConnectFailureNamingTheSetting() {
    List<CdcCheck> checks = PostgresPrecheck.run(cdc.withDatabase("analytics"), CaptureScope.from(Map.of()));

    assertThat(checks).singleElement().satisfies(check -> {
      assertThat(check.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(check.message()).isEqualTo("there is no database analytics: check database.dbname");
    });
  }

  private static CdcCheck check(List<CdcCheck> checks, String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}
