package dev.steward.coordinator.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.testing.Eventually;
import dev.steward.coordinator.cdc.CdcCheck.Outcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/** What a deleted connector leaves behind, listed and dropped on a real PostgreSQL. */
class ReplicationSlotsTest {

  private static PostgresTestServer server;
  private static PostgresTarget cdc;

  @BeforeAll
  static void startPostgres() {
    server = PostgresTestServer.start("logical");
    cdc = GuideSchema.create(server.postgres(), "cdc_user", "cdc_password123");
    server.execute(GuideSchema.DATABASE, "CREATE TABLE public.wal_filler (id int PRIMARY KEY, padding text)");
  }

  @AfterAll
  static void stopPostgres() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void inactiveSlotIsDroppedAndItsWalReported() {
    createSlot("s1");
    server.execute(GuideSchema.DATABASE,
        "INSERT INTO public.wal_filler SELECT i, repeat('x', 200) FROM generate_series(1, 5000) AS i");

    SlotInfo slot = slot("s1").orElseThrow();

    assertThat(slot.plugin()).isEqualTo("pgoutput");
    assertThat(slot.database()).isEqualTo(GuideSchema.DATABASE);
    assertThat(slot.active()).isFalse();
    assertThat(slot.retainedWalBytes()).as("the WAL of the inserts, kept for a reader that never comes")
        .isGreaterThan(1_000_000);
    assertThat(ReplicationSlots.dropSlot(cdc, "s1")).isTrue();
    assertThat(slot("s1")).isEmpty();
    assertThat(ReplicationSlots.dropSlot(cdc, "s1")).as("already gone").isFalse();
  }

  @Test
  void activeSlotIsNotDropped() throws Exception {
    createSlot("s_active");
    try (Connection replication = replicationConnection();
        PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI()
            .replicationStream().logical().withSlotName("s_active").withSlotOption("proto_version", 1)
            .withSlotOption("publication_names", CaptureScope.DEFAULT_PUBLICATION).start()) {
      awaitActive("s_active", true);

      assertThatThrownBy(() -> ReplicationSlots.dropSlot(cdc, "s_active"))
          .isInstanceOf(SlotActiveException.class)
          .hasMessageContaining("replication slot 's_active' is active (walsender pid ")
          .hasMessageContaining("stop or delete the connector streaming from it first");
      CdcCheck slots = PostgresPrecheck.run(cdc, CaptureScope.from(Map.of("slot.name", "s_active"))).get(2);
      assertThat(slots.outcome()).as(slots.toString()).isEqualTo(Outcome.WARN);
      assertThat(stream.isClosed()).isFalse();
    }
    awaitActive("s_active", false);
    assertThat(ReplicationSlots.dropSlot(cdc, "s_active")).isTrue();
  }

  @Test
  void slotOfAnotherDatabaseIsDroppedFromItsOwnDatabase() {
    createSlot("s_elsewhere");

    assertThat(ReplicationSlots.dropSlot(cdc.withDatabase("postgres"), "s_elsewhere")).isTrue();
    assertThat(slot("s_elsewhere")).isEmpty();
  }

  @Test
  void publicationIsDropped() {
    server.execute(GuideSchema.DATABASE, "CREATE PUBLICATION p_drop FOR TABLE public.wal_filler");
    PostgresTarget owner = server.superuser(GuideSchema.DATABASE);

    assertThatThrownBy(() -> ReplicationSlots.dropPublication(cdc, "p_drop"))
        .as("only its owner may drop it").isInstanceOf(PostgresAccessException.class)
        .hasMessageContaining("must be owner of publication p_drop")
        .hasMessageNotContaining("cdc_password123");
    assertThat(ReplicationSlots.dropPublication(owner, "p_drop")).isTrue();
    assertThat(ReplicationSlots.dropPublication(owner, "p_drop")).isFalse();
  }

  private static void createSlot(String name) {
    PostgresTestServer.count(cdc, "SELECT count(*) FROM pg_create_logical_replication_slot('" + name
        + "', 'pgoutput')");
  }

  private static Optional<SlotInfo> slot(String name) {
    List<SlotInfo> slots = ReplicationSlots.list(cdc);
    return slots.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The connection a Debezium task streams over: cdc_user, in replication mode. */
  private static Connection replicationConnection() throws SQLException {
    Properties properties = new Properties();
    PGProperty.USER.set(properties, cdc.user());
    PGProperty.PASSWORD.set(properties, cdc.password());
    PGProperty.REPLICATION.set(properties, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
    PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
    return DriverManager.getConnection(cdc.jdbcUrl(), properties);
  }

  private static void awaitActive(String name, boolean active) {
    Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(50)).until(
        "replication slot " + name + (active ? " active" : " inactive"), () -> slot(name).map(SlotInfo::active),
        Optional.of(active)::equals);
  }
}
