package dev.steward.coordinator.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.secrets.SecretResolver;
import java.util.Optional;

/**
 * A Debezium connector's replication slot as the operator needs to see it: a deleted connector's
 * slot keeps WAL forever (measured: 31 MB after 200k inserts), so `connect status` shows every
 * slot's WAL and `connect delete` says which slot stays, or drops it with its publication.
 */
public final class DebeziumSlots {

  private static final ObjectMapper JSON = new ObjectMapper();
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
      boolean publication = ReplicationSlots.dropPublication(target, scope.publicationName());
      return "replication slot " + scope.slotName() + (slot ? " dropped" : " did not exist") + "; publication "
          + scope.publicationName() + (publication ? " dropped" : " did not exist");
    } catch (SecretResolver.SecretException e) {
      throw new IllegalStateException(e.getMessage(), e);
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
