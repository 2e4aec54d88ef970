package dev.steward.coordinator.cdc;

import dev.steward.coordinator.cdc.CaptureScope.AutocreateMode;
import dev.steward.coordinator.cdc.PostgresFacts.PublicationFacts;
import dev.steward.coordinator.cdc.PostgresFacts.ReplicaIdentity;
import dev.steward.coordinator.cdc.PostgresFacts.TableFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Judges {@link PostgresFacts} against what Debezium's PostgreSQL connector needs, one {@link CdcCheck} per
 * requirement, in the order a person would fix them. Every FAIL says what to run; statements are written for the
 * connector's user and database as found, so they can be copied.
 */
final class PrecheckRules {

  static final String CONNECT = "connect";
  static final String WAL_LEVEL = "wal_level";
  static final String SLOTS = "replication slots";
  static final String WAL_SENDERS = "wal senders";
  static final String REPLICATION = "replication privilege";
  static final String TABLES = "tables";
  static final String SELECT = "select privilege";
  static final String REPLICA_IDENTITY = "replica identity";
  static final String PUBLICATION = "publication";

  private static final String INVALID_PASSWORD = "28P01";
  private static final String INVALID_AUTHORIZATION = "28000";
  private static final String UNKNOWN_DATABASE = "3D000";

  private PrecheckRules() {
  }

  /** Every check after a successful login. */
  static List<CdcCheck> evaluate(PostgresFacts facts, CaptureScope scope) {
    TableSelection selection = TableSelection.of(scope);
    List<TableFacts> captured = facts.tables().stream().filter(t -> selection.captures(t.name())).toList();
    return List.of(walLevel(facts), replicationSlots(facts, scope), walSenders(facts), replicationPrivilege(facts),
        tables(facts, scope, captured), selectPrivilege(facts, captured), replicaIdentity(facts, scope, captured),
        publication(facts, scope, captured));
  }

  static CdcCheck connected(PostgresTarget target, PostgresFacts facts) {
    return CdcCheck.pass(CONNECT, "logged in as " + facts.user() + " to " + facts.database() + " on PostgreSQL "
        + facts.serverVersion(), loginRequirement(target), "");
  }

  /** The driver's message, with the password taken out, and the setting most likely wrong for its SQLState. */
  static CdcCheck connectFailed(PostgresTarget target, String sqlState, String driverMessage) {
    String hint = switch (sqlState == null ? "" : sqlState) {
      case INVALID_PASSWORD -> "the password is wrong for this user: check database.user and database.password";
      case INVALID_AUTHORIZATION -> "the server refused this user, database or address: check that the role has"
          + " LOGIN and that pg_hba.conf has a line like 'host " + target.database() + " " + target.user()
          + " <connect worker address>/32 scram-sha-256' (then SELECT pg_reload_conf())";
      case UNKNOWN_DATABASE -> "there is no database " + target.database() + ": check database.dbname";
      default -> "check database.hostname and database.port, that PostgreSQL runs there, and that its"
          + " listen_addresses includes the address the Connect workers reach it on";
    };
    return CdcCheck.fail(CONNECT, target.redact(String.valueOf(driverMessage)), loginRequirement(target), hint);
  }

  static CdcCheck walLevel(PostgresFacts facts) {
    String required = "logical";
    if (required.equals(facts.walLevel())) {
      return CdcCheck.pass(WAL_LEVEL, facts.walLevel(), required, "");
    }
    return CdcCheck.fail(WAL_LEVEL, facts.walLevel(), required, "logical decoding needs it: as a superuser,"
        + " ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL (a reload does not change wal_level)");
  }

  static CdcCheck replicationSlots(PostgresFacts facts, CaptureScope scope) {
    String slot = scope.slotName();
    Optional<SlotInfo> existing = facts.slots().stream().filter(s -> s.name().equals(slot)).findFirst();
    if (existing.isPresent()) {
      return existingSlot(facts, existing.get());
    }
    int used = facts.slots().size();
    String observed = used + " of " + facts.maxReplicationSlots() + " in use, no slot '" + slot + "'";
    String required = "a free slot for '" + slot + "' (max_replication_slots)";
    if (used < facts.maxReplicationSlots()) {
      return CdcCheck.pass(SLOTS, observed, required, "the connector creates slot '" + slot + "'");
    }
    List<String> idle = facts.slots().stream().filter(s -> !s.active())
        .map(s -> s.name() + " (" + Messages.bytes(s.retainedWalBytes()) + " of WAL retained)").toList();
    String dropHint = idle.isEmpty() ? "" : "drop a slot nothing uses any more (inactive: " + Messages.listed(idle)
        + ") or ";
    return CdcCheck.fail(SLOTS, observed, required, dropHint
        + "raise max_replication_slots (ALTER SYSTEM SET max_replication_slots = " + (facts.maxReplicationSlots() + 4)
        + "; then restart PostgreSQL)");
  }

  private static CdcCheck existingSlot(PostgresFacts facts, SlotInfo slot) {
    String required = "slot '" + slot.name() + "' free for this connector";
    if (!facts.database().equals(slot.database())) {
      String where = slot.logical() ? "database " + slot.database() : "physical replication";
      return CdcCheck.fail(SLOTS, "slot '" + slot.name() + "' exists for " + where, required,
          "a slot serves one database: choose another slot.name, or drop the slot if nothing uses it");
    }
    String retained = Messages.bytes(slot.retainedWalBytes()) + " of WAL retained";
    if (slot.active()) {
      return CdcCheck.warn(SLOTS, "slot '" + slot.name() + "' exists and is active, " + retained, required,
          "a client streams from it (a running connector?): a second connector on the same slot.name fails until"
              + " that one stops");
    }
    return CdcCheck.pass(SLOTS, "slot '" + slot.name() + "' exists, inactive, " + retained, required,
        "the connector resumes from the slot's position");
  }

  static CdcCheck walSenders(PostgresFacts facts) {
    String observed = facts.walSendersInUse() + " of " + facts.maxWalSenders() + " in use";
    String required = "a free WAL sender (max_wal_senders)";
    if (facts.walSendersInUse() < facts.maxWalSenders()) {
      return CdcCheck.pass(WAL_SENDERS, observed, required, "");
    }
    return CdcCheck.fail(WAL_SENDERS, observed, required, "stop a replication client that is no longer needed, or"
        + " ALTER SYSTEM SET max_wal_senders = " + (facts.maxWalSenders() + 4) + "; then restart PostgreSQL");
  }

  static CdcCheck replicationPrivilege(PostgresFacts facts) {
    String required = "REPLICATION (or superuser)";
    if (facts.superuser()) {
      return CdcCheck.pass(REPLICATION, "superuser", required, "");
    }
    if (facts.replicationRole()) {
      return CdcCheck.pass(REPLICATION, "REPLICATION", required, "");
    }
    return CdcCheck.fail(REPLICATION, facts.user() + " has neither REPLICATION nor superuser", required,
        "as a superuser: ALTER ROLE " + SqlIdentifiers.quoteIfNeeded(facts.user()) + " WITH REPLICATION");
  }

  static CdcCheck tables(PostgresFacts facts, CaptureScope scope, List<TableFacts> captured) {
    String required = scope.capturesEverything() ? "at least one table outside the system schemas"
        : "at least one table matches " + scope.describeFilters();
    if (!captured.isEmpty()) {
      return CdcCheck.pass(TABLES, "captures " + Messages.listed(names(captured)), required, "");
    }
    List<TableName> present = names(facts.tables());
    String message = present.isEmpty()
        ? "database " + facts.database() + " has no tables outside the system schemas"
        : "the connector would capture nothing: each regex must match the whole schema.table name; tables in "
            + facts.database() + ": " + Messages.listed(present);
    return CdcCheck.warn(TABLES, "no table matches", required, message);
  }

  static CdcCheck selectPrivilege(PostgresFacts facts, List<TableFacts> captured) {
    String required = "SELECT on every captured table, for the initial snapshot";
    List<TableFacts> unreadable = captured.stream().filter(t -> !t.canSelect() || !t.schemaUsage()).toList();
    if (unreadable.isEmpty()) {
      return CdcCheck.pass(SELECT, captured.isEmpty() ? "no captured tables"
          : "SELECT on " + Messages.count(captured.size(), "captured table"), required, "");
    }
    String user = SqlIdentifiers.quoteIfNeeded(facts.user());
    List<String> fixes = new ArrayList<>();
    Set<String> schemasWithoutUsage = unreadable.stream().filter(t -> !t.schemaUsage())
        .map(t -> SqlIdentifiers.quoteIfNeeded(t.name().schema())).collect(Collectors.toCollection(TreeSet::new));
    schemasWithoutUsage.forEach(schema -> fixes.add("GRANT USAGE ON SCHEMA " + schema + " TO " + user));
    List<String> withoutSelect = unreadable.stream().filter(t -> !t.canSelect()).map(t -> t.name().sql()).toList();
    if (!withoutSelect.isEmpty()) {
      fixes.add("GRANT SELECT ON " + String.join(", ", withoutSelect) + " TO " + user);
    }
    return CdcCheck.fail(SELECT, facts.user() + " cannot read " + Messages.listed(names(unreadable)), required,
        "as a superuser or the tables' owner: " + String.join("; ", fixes));
  }

  static CdcCheck replicaIdentity(PostgresFacts facts, CaptureScope scope, List<TableFacts> captured) {
    Map<TableName, TableFacts> checked = new TreeMap<>();
    captured.forEach(t -> checked.put(t.name(), t));
    publishedTables(facts, scope, captured).forEach(t -> checked.put(t.name(), t));
    checked.values().removeIf(TableFacts::partitioned);
    String required = "a primary key or REPLICA IDENTITY FULL on every captured or published table";
    List<TableFacts> lacking = checked.values().stream().filter(t -> !t.hasUsableReplicaIdentity()).toList();
    if (lacking.isEmpty()) {
      return CdcCheck.pass(REPLICA_IDENTITY, "a primary key or full replica identity on "
          + Messages.count(checked.size(), "table"), required, "");
    }
    String observed = Messages.listed(lacking.stream().map(t -> t.name() + " (" + identityProblem(t) + ")")
        .toList());
    String message = Messages.listed(lacking.stream().map(PrecheckRules::identityFix).toList(), "; ");
    Set<TableName> capturedNames = Set.copyOf(names(captured));
    List<TableName> uncaptured = names(lacking).stream().filter(t -> !capturedNames.contains(t)).toList();
    if (!uncaptured.isEmpty()) {
      message += ". Not captured but published (" + Messages.listed(uncaptured) + "): with the publication in"
          + " place, the application's UPDATE and DELETE on them fail until this is done";
    }
    return CdcCheck.fail(REPLICA_IDENTITY, observed, required, message);
  }

  /** Tables whose UPDATEs and DELETEs the publication carries, once the connector has set it up. */
  private static List<TableFacts> publishedTables(PostgresFacts facts, CaptureScope scope,
      List<TableFacts> captured) {
    Optional<PublicationFacts> publication = facts.publication();
    AutocreateMode mode = scope.autocreateMode();
    if (publication.isPresent() && (publication.get().allTables() || mode != AutocreateMode.FILTERED)) {
      if (publication.get().allTables()) {
        return facts.tables();
      }
      Set<TableName> published = Set.copyOf(publication.get().tables());
      return facts.tables().stream().filter(t -> published.contains(t.name())).toList();
    }
    // Without superuser the connector cannot create the FOR ALL TABLES publication; the publication check then
    // advises one FOR TABLE the captured tables, so only those would be published.
    return switch (mode) {
      case ALL_TABLES -> facts.superuser() ? facts.tables() : captured;
      case FILTERED -> captured;
      case DISABLED -> List.of();
    };
  }

  private static String identityProblem(TableFacts table) {
    return table.replicaIdentity() == ReplicaIdentity.NOTHING ? "REPLICA IDENTITY NOTHING"
        : "no primary key, REPLICA IDENTITY DEFAULT";
  }

  static String identityFix(TableFacts table) {
    String alter = "ALTER TABLE " + table.name().sql() + " REPLICA IDENTITY ";
    return table.hasPrimaryKey() ? alter + "DEFAULT" : alter + "FULL, or add a primary key";
  }

  static CdcCheck publication(PostgresFacts facts, CaptureScope scope, List<TableFacts> captured) {
    String name = scope.publicationName();
    AutocreateMode mode = scope.autocreateMode();
    String required = "publication '" + name + "' exists, or " + facts.user() + " can create it ("
        + "publication.autocreate.mode=" + mode.configValue() + ")";
    Optional<PublicationFacts> existing = facts.publication();
    if (existing.isPresent()) {
      return existingPublication(facts, mode, existing.get(), captured, required);
    }
    String observed = "no publication '" + name + "' in " + facts.database();
    String create = "as a superuser, in database " + facts.database() + ": " + createStatement(name, captured);
    return switch (mode) {
      case ALL_TABLES -> facts.superuser()
          ? CdcCheck.pass(PUBLICATION, observed, required, "the connector creates it FOR ALL TABLES")
          : CdcCheck.fail(PUBLICATION, observed, required, "all_tables mode creates it FOR ALL TABLES, which only"
              + " a superuser may do; " + create);
      case FILTERED -> filteredCreation(facts, captured, observed, required, create);
      case DISABLED -> CdcCheck.fail(PUBLICATION, observed, required,
          "publication.autocreate.mode=disabled: the connector does not create it; " + create);
    };
  }

  private static CdcCheck filteredCreation(PostgresFacts facts, List<TableFacts> captured, String observed,
      String required, String create) {
    if (captured.isEmpty()) {
      return CdcCheck.fail(PUBLICATION, observed, required, "filtered mode needs at least one captured table");
    }
    List<TableName> notOwned = names(captured.stream().filter(t -> !t.owned()).toList());
    if (facts.superuser() || (facts.canCreateInDatabase() && notOwned.isEmpty())) {
      return CdcCheck.pass(PUBLICATION, observed, required, "the connector creates it for the captured tables");
    }
    String lacking = !facts.canCreateInDatabase() ? "CREATE on database " + facts.database()
        : "ownership of " + Messages.listed(notOwned);
    return CdcCheck.fail(PUBLICATION, observed, required, "filtered mode needs " + lacking + "; " + create
        + ", and set publication.autocreate.mode=disabled (filtered mode re-sets the publication's tables at"
        + " every start, which needs their ownership)");
  }

  private static CdcCheck existingPublication(PostgresFacts facts, AutocreateMode mode, PublicationFacts found,
      List<TableFacts> captured, String required) {
    String observed = "publication '" + found.name() + "' exists, " + (found.allTables() ? "FOR ALL TABLES"
        : "for " + Messages.count(found.tables().size(), "table"));
    if (mode == AutocreateMode.FILTERED) {
      if (found.allTables()) {
        return CdcCheck.fail(PUBLICATION, observed, required, "filtered mode refuses a FOR ALL TABLES"
            + " publication: set publication.autocreate.mode=all_tables, or drop the publication and let the"
            + " connector create it");
      }
      boolean ownsTables = captured.stream().allMatch(TableFacts::owned);
      if (!facts.superuser() && !(found.owned() && ownsTables)) {
        return CdcCheck.fail(PUBLICATION, observed, required, "filtered mode runs ALTER PUBLICATION "
            + SqlIdentifiers.quoteIfNeeded(found.name()) + " SET TABLE ... at every start, which needs ownership of"
            + " the publication and of the captured tables: set publication.autocreate.mode=disabled to use it"
            + " as it is");
      }
      return CdcCheck.pass(PUBLICATION, observed, required, "the connector sets its tables to the captured ones");
    }
    if (found.allTables()) {
      return CdcCheck.pass(PUBLICATION, observed, required, "");
    }
    Set<TableName> published = Set.copyOf(found.tables());
    List<TableName> unpublished = names(captured).stream().filter(t -> !published.contains(t)).toList();
    if (unpublished.isEmpty()) {
      return CdcCheck.pass(PUBLICATION, observed, required, "");
    }
    return CdcCheck.warn(PUBLICATION, observed + "; it does not publish " + Messages.listed(unpublished), required,
        "the connector sees no changes from those tables; as the publication's owner: ALTER PUBLICATION "
            + SqlIdentifiers.quoteIfNeeded(found.name()) + " ADD TABLE "
            + unpublished.stream().map(TableName::sql).collect(Collectors.joining(", ")));
  }

  /** FOR TABLE the captured ones rather than FOR ALL TABLES: a narrower publication breaks fewer UPDATEs. */
  static String createStatement(String publication, List<TableFacts> captured) {
    String tables = captured.isEmpty() ? "ALL TABLES"
        : "TABLE " + captured.stream().map(t -> t.name().sql()).collect(Collectors.joining(", "));
    return "CREATE PUBLICATION " + SqlIdentifiers.quoteIfNeeded(publication) + " FOR " + tables;
  }

  private static String loginRequirement(PostgresTarget target) {
    return target.user() + " logs in to " + target.database() + " at " + target.host() + ":" + target.port();
  }

  private static List<TableName> names(List<TableFacts> tables) {
    return tables.stream().map(TableFacts::name).toList();
  }
}
