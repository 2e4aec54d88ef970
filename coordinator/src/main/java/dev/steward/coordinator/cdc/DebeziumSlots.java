package dev.steward.coordinator.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.secrets.SecretResolver;
import java.util.List;
import java.util.Optional;

/**
 * A Debezium connector's replication slot as the operator needs to see it: a deleted connector's
 * slot keeps WAL forever (measured: 31 MB after 200k inserts), so `connect status` shows every
 * slot's WAL and `connect delete` says which slot stays, or drops it with its publication.
 */
public final class DebeziumSlots {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  /** WAL a healthy connector's slot never holds for long; past it the disk fills while nobody looks. */
  static final long WARN_RETAINED_BYTES = 256L << 20;

  private DebeziumSlots() {
  }

  public static ObjectNode describeJson(ConnectorSpec connector, Inventory inventory) {
    String slot = CaptureScope.from(connector.config()).slotName();
    ObjectNode node = JSON.createObjectNode().put("name", slot);
    try {
      Optional<SlotInfo> info = find(connector, inventory, slot);
      if (info.isEmpty()) {
        return node.put("exists", false).put("summary", slot + " does not exist (yet)");
      }
      long retained = info.get().retainedWalBytes();
      boolean warn = retained > WARN_RETAINED_BYTES;
      node.put("exists", true).put("active", info.get().active()).put("retainedWalBytes", retained)
          .put("warning", warn);
      return node.put("summary", (warn ? "WARNING " : "") + slot + (info.get().active() ? " active" : " INACTIVE")
          + ", holds " + retained + " bytes of WAL" + (warn ? " (over " + (WARN_RETAINED_BYTES >> 20) + " MiB: the "
          + "connector is behind or gone, and PostgreSQL cannot recycle that WAL)" : ""));
    } catch (RuntimeException | SecretResolver.SecretException e) {
      return node.put("error", Errors.rootMessage(e)).put("summary", "cannot read: " + Errors.rootMessage(e));
    }
  }

  /** After a delete without --drop-slot: the slot that stays and the WAL it keeps. */
  public static String remaining(ConnectorSpec connector, Inventory inventory) {
    ObjectNode slot = describeJson(connector, inventory);
    return "replication slot " + slot.get("summary").asText() + "; it keeps WAL until dropped: `steward connect "
        + "delete` cannot drop it any more, drop it in PostgreSQL (SELECT pg_drop_replication_slot('"
        + slot.get("name").asText() + "')) or delete with --drop-slot next time";
  }

  /** Drops the slot and the publication; the connector must already be stopped and deleted. */
  public static String drop(ConnectorSpec connector, Inventory inventory) {
    CaptureScope scope = CaptureScope.from(connector.config());
    try {
      PostgresTarget target = DebeziumConnection.target(connector, SecretResolver.fromProcess().resolve(inventory));
      boolean slot = dropWhenReleased(target, scope.slotName());
      return "replication slot " + scope.slotName() + (slot ? " dropped" : " did not exist") + "; "
          + dropPublication(connector, inventory, target, scope.publicationName());
    } catch (SecretResolver.SecretException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * A publication other declared connectors read, or one the connector's user does not own (the
   * guide's setup has a superuser create it), stays, and the answer says why and how to drop it.
   */
  private static String dropPublication(ConnectorSpec connector, Inventory inventory, PostgresTarget target,
      String publication) {
    List<String> sharing = inventory.connectors().stream()
        .filter(other -> !other.name().equals(connector.name()) && other.isDebeziumPostgres())
        .filter(other -> CaptureScope.from(other.config()).publicationName().equals(publication))
        .map(ConnectorSpec::name).toList();
    if (!sharing.isEmpty()) {
      return "publication " + publication + " kept: " + String.join(", ", sharing) + " reads it too";
    }
    try {
      return "publication " + publication + (ReplicationSlots.dropPublication(target, publication) ? " dropped"
          : " did not exist");
    } catch (PostgresAccessException e) {
      if (!INSUFFICIENT_PRIVILEGE.equals(e.sqlState())) {
        throw e;
      }
      return "publication " + publication + " kept: " + target.user() + " does not own it; as its owner run "
          + "DROP PUBLICATION " + publication + ";";
    }
  }

  /** The stopped task releases the slot within moments; dropping an active slot is refused by PostgreSQL. */
  private static boolean dropWhenReleased(PostgresTarget target, String slot) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        return ReplicationSlots.dropSlot(target, slot);
      } catch (SlotActiveException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static Optional<SlotInfo> find(ConnectorSpec connector, Inventory inventory, String slot)
      throws SecretResolver.SecretException {
    PostgresTarget target = DebeziumConnection.target(connector, SecretResolver.fromProcess().resolve(inventory));
    return ReplicationSlots.list(target).stream().filter(s -> s.name().equals(slot)).findFirst();
  }
}
