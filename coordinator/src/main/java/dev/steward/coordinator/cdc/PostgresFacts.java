package dev.steward.coordinator.cdc;

import java.util.List;
import java.util.Optional;

/**
 * What a precheck reads from the server while logged in as the connector's user. Kept apart from the judging
 * ({@link PrecheckRules}) so the rules can be tested without a database.
 *
 * @param tables every table outside the system schemas, captured or not: a FOR ALL TABLES publication reaches
 *     them all
 * @param publication the connector's publication, when it exists
 */
record PostgresFacts(String user, String database, String serverVersion, String walLevel, int maxReplicationSlots,
    List<SlotInfo> slots, int maxWalSenders, int walSendersInUse, boolean replicationRole, boolean superuser,
    boolean canCreateInDatabase, List<TableFacts> tables, Optional<PublicationFacts> publication) {

  PostgresFacts {
    slots = List.copyOf(slots);
    tables = List.copyOf(tables);
  }

  /** pg_class.relreplident: which old-row columns an UPDATE or DELETE writes to the WAL for logical decoding. */
  enum ReplicaIdentity {
    DEFAULT, NOTHING, FULL, INDEX;

    static ReplicaIdentity fromCatalog(String code) {
      return switch (code) {
        case "n" -> NOTHING;
        case "f" -> FULL;
        case "i" -> INDEX;
        default -> DEFAULT;
      };
    }
  }

  /**
   * @param partitioned a partitioned parent: it holds no rows, its partitions are checked as tables themselves
   * @param owned the connector's user owns it (or is a member of the owning role)
   */
  record TableFacts(TableName name, boolean partitioned, boolean hasPrimaryKey, ReplicaIdentity replicaIdentity,
      boolean canSelect, boolean schemaUsage, boolean owned) {

    /** Whether an UPDATE or DELETE can be published: PostgreSQL rejects them on a published table without. */
    boolean hasUsableReplicaIdentity() {
      return switch (replicaIdentity) {
        case FULL, INDEX -> true;
        case DEFAULT -> hasPrimaryKey;
        case NOTHING -> false;
      };
    }
  }

  /** @param owned the connector's user owns the publication (or is a member of the owning role) */
  record PublicationFacts(String name, boolean allTables, boolean owned, List<TableName> tables) {

    PublicationFacts {
      tables = List.copyOf(tables);
    }
  }
}
