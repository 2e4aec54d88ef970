package dev.steward.coordinator.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.cdc.CdcCheck.Outcome;
import dev.steward.coordinator.cdc.PostgresFacts.PublicationFacts;
import dev.steward.coordinator.cdc.PostgresFacts.ReplicaIdentity;
import dev.steward.coordinator.cdc.PostgresFacts.TableFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The judging and the wording of the checks, from facts alone: no database. */
class PrecheckRulesTest {

  private static final PostgresTarget TARGET =
      new PostgresTarget("db1", 5432, "analytics_db", "cdc_user", "cdc_password123");
  private static final CaptureScope GUIDE = CaptureScope.from(Map.of("table.include.list", "public.user_events"));

  /** The guide's database as cdc_user sees it before the connector's first start; each test changes one thing. */
  private static final class Facts {
    String walLevel = "logical";
    int maxSlots = 10;
    List<SlotInfo> slots = new ArrayList<>();
    int maxSenders = 10;
    int sendersInUse = 0;
    boolean replication = true;
    boolean superuser = false;
    boolean canCreate = false;
    List<TableFacts> tables = new ArrayList<>(List.of(keyed("public.user_events")));
    Optional<PublicationFacts> publication = Optional.empty();

    PostgresFacts build() {
      return new PostgresFacts("cdc_user", "analytics_db", "15.13", walLevel, maxSlots, slots, maxSenders,
          sendersInUse, replication, superuser, canCreate, tables, publication);
    }

    CdcCheck check(String name, CaptureScope scope) {
      return PrecheckRules.evaluate(build(), scope).stream().filter(c -> c.name().equals(name)).findFirst()
          .orElseThrow();
    }
  }

  private static TableFacts keyed(String name) {
    return new TableFacts(TableName.parse(name), false, true, ReplicaIdentity.DEFAULT, true, true, false);
  }

  private static TableFacts keyless(String name) {
    return new TableFacts(TableName.parse(name), false, false, ReplicaIdentity.DEFAULT, true, true, false);
  }

  private static TableFacts owned(TableFacts table) {
    return new TableFacts(table.name(), table.partitioned(), table.hasPrimaryKey(), table.replicaIdentity(),
        table.canSelect(), table.schemaUsage(), true);
  }

  @Test
  void connectFailuresNameTheSettingToFixAndNeverThePassword() {
    CdcCheck password = PrecheckRules.connectFailed(TARGET, "28P01",
        "FATAL: password authentication failed for user \"cdc_user\" (tried cdc_password123)");
    CdcCheck refused = PrecheckRules.connectFailed(TARGET, "08001", "Connection to db1:5432 refused.");
    CdcCheck hba = PrecheckRules.connectFailed(TARGET, "28000", "FATAL: no pg_hba.conf entry for host");

    assertThat(password.observed()).isEqualTo("FATAL: password authentication failed for user \"cdc_user\""
        + " (tried ****)");
    assertThat(password.message()).contains("database.password");
    assertThat(password.required()).isEqualTo("cdc_user logs in to analytics_db at db1:5432");
    assertThat(refused.message()).contains("database.hostname and database.port", "listen_addresses");
    assertThat(hba.message()).contains("'host analytics_db cdc_user <connect worker address>/32 scram-sha-256'");
  }

  @Test
  void theGuidesDatabaseWithoutAPublicationNeedsASuperuserToCreateIt() {
    Facts facts = new Facts();

    CdcCheck publication = facts.check("publication", GUIDE);

    assertThat(publication.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(publication.message()).isEqualTo("all_tables mode creates it FOR ALL TABLES, which only a superuser"
        + " may do; as a superuser, in database analytics_db: CREATE PUBLICATION dbz_publication FOR TABLE"
        + " public.user_events");
    facts.superuser = true;
    assertThat(facts.check("publication", GUIDE).outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void filteredModeCreatesThePublicationOnlyForTheTablesOwner() {
    CaptureScope filtered = CaptureScope.from(Map.of("table.include.list", "public.user_events",
        "publication.autocreate.mode", "filtered"));
    Facts facts = new Facts();
    facts.canCreate = true;

    CdcCheck notOwner = facts.check("publication", filtered);
    facts.tables = List.of(owned(keyed("public.user_events")));
    CdcCheck owner = facts.check("publication", filtered);

    assertThat(notOwner.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(notOwner.message()).startsWith("filtered mode needs ownership of public.user_events;")
        .contains("set publication.autocreate.mode=disabled");
    assertThat(owner.outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void filteredModeRefusesAnExistingPublicationForAllTables() {
    Facts facts = new Facts();
    facts.publication = Optional.of(new PublicationFacts("dbz_publication", true, false, List.of()));

    CdcCheck publication = facts.check("publication", CaptureScope.from(Map.of("publication.autocreate.mode",
        "filtered")));

    assertThat(publication.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(publication.message()).startsWith("filtered mode refuses a FOR ALL TABLES publication");
  }

  @Test
  void anExistingPublicationThatLeavesOutACapturedTableWarnsWithTheStatementToAddIt() {
    Facts facts = new Facts();
    facts.tables.add(keyed("public.orders"));
    facts.publication = Optional.of(new PublicationFacts("dbz_publication", false, false,
        List.of(TableName.parse("public.user_events"))));

    CdcCheck publication = facts.check("publication", CaptureScope.from(Map.of("table.include.list", "public.*")));

    assertThat(publication.outcome()).isEqualTo(Outcome.WARN);
    assertThat(publication.observed()).endsWith("it does not publish public.orders");
    assertThat(publication.message()).endsWith("ALTER PUBLICATION dbz_publication ADD TABLE public.orders");
  }

  @Test
  void fullSlotsNameTheIdleSlotsThatHoldWal() {
    Facts facts = new Facts();
    facts.maxSlots = 2;
    facts.slots = List.of(new SlotInfo("old_connector", "pgoutput", "analytics_db", false, 3L << 30),
        new SlotInfo("standby", null, null, true, 0));

    CdcCheck slots = facts.check("replication slots", GUIDE);

    assertThat(slots.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(slots.observed()).isEqualTo("2 of 2 in use, no slot 'debezium'");
    assertThat(slots.message()).isEqualTo("drop a slot nothing uses any more (inactive: old_connector (3.0 GiB of"
        + " WAL retained)) or raise max_replication_slots (ALTER SYSTEM SET max_replication_slots = 6; then"
        + " restart PostgreSQL)");
  }

  @Test
  void theConnectorsSlotIsReusedOnlyInItsOwnDatabase() {
    Facts facts = new Facts();
    facts.slots = List.of(new SlotInfo("debezium", "pgoutput", "analytics_db", false, 2048));
    CdcCheck resumable = facts.check("replication slots", GUIDE);
    facts.slots = List.of(new SlotInfo("debezium", "pgoutput", "billing_db", false, 2048));
    CdcCheck foreign = facts.check("replication slots", GUIDE);

    assertThat(resumable.outcome()).isEqualTo(Outcome.PASS);
    assertThat(resumable.observed()).isEqualTo("slot 'debezium' exists, inactive, 2.0 KiB of WAL retained");
    assertThat(foreign.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(foreign.observed()).isEqualTo("slot 'debezium' exists for database billing_db");
  }

  @Test
  void noFreeWalSenderFails() {
    Facts facts = new Facts();
    facts.maxSenders = 2;
    facts.sendersInUse = 2;

    assertThat(facts.check("wal senders", GUIDE).outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void unreadableTablesGetTheGrantsToRun() {
    Facts facts = new Facts();
    facts.tables = List.of(new TableFacts(TableName.parse("sales.orders"), false, true, ReplicaIdentity.DEFAULT,
        false, false, false), keyed("public.user_events"));

    CdcCheck select = facts.check("select privilege", CaptureScope.from(Map.of()));

    assertThat(select.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(select.message()).isEqualTo("as a superuser or the tables' owner: GRANT USAGE ON SCHEMA sales TO"
        + " cdc_user; GRANT SELECT ON sales.orders TO cdc_user");
  }

  @Test
  void replicaIdentityFixesQuoteNamesThatNeedIt() {
    Facts facts = new Facts();
    facts.tables = List.of(keyless("public.Order"), keyless("public.user"),
        new TableFacts(TableName.parse("public.ledger"), false, true, ReplicaIdentity.NOTHING, true, true, false));

    CdcCheck identity = facts.check("replica identity", CaptureScope.from(Map.of()));

    assertThat(identity.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(identity.message()).isEqualTo("ALTER TABLE public.\"Order\" REPLICA IDENTITY FULL, or add a primary"
        + " key; ALTER TABLE public.ledger REPLICA IDENTITY DEFAULT; ALTER TABLE public.\"user\" REPLICA IDENTITY"
        + " FULL, or add a primary key");
  }

  @Test
  void aFullReplicaIdentityOrAPrimaryKeyPasses() {
    Facts facts = new Facts();
    facts.tables = List.of(keyed("public.user_events"),
        new TableFacts(TableName.parse("public.log"), false, false, ReplicaIdentity.FULL, true, true, false),
        new TableFacts(TableName.parse("public.parted"), true, false, ReplicaIdentity.DEFAULT, true, true, false));

    CdcCheck identity = facts.check("replica identity", CaptureScope.from(Map.of()));

    assertThat(identity.outcome()).as("a partitioned parent has no rows of its own").isEqualTo(Outcome.PASS);
    assertThat(identity.observed()).isEqualTo("a primary key or full replica identity on 2 tables");
  }

  @Test
  void includeListsMatchingNothingWarnAndShowWhatExists() {
    Facts facts = new Facts();

    CdcCheck tables = facts.check("tables", CaptureScope.from(Map.of("table.include.list", "user_events")));

    assertThat(tables.outcome()).isEqualTo(Outcome.WARN);
    assertThat(tables.message()).contains("each regex must match the whole schema.table name",
        "tables in analytics_db: public.user_events");
  }

  @Test
  void longListsAreCut() {
    List<String> names = IntStream.rangeClosed(1, 13).mapToObj(i -> "t" + i).toList();

    assertThat(Messages.listed(names)).isEqualTo("t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, ... and 3 more");
    assertThat(Messages.bytes(512)).isEqualTo("512 B");
    assertThat(Messages.bytes(31L * 1024 * 1024)).isEqualTo("31.0 MiB");
  }
}
