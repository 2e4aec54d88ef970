package dev.steward.coordinator.cdc;

import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.state.SecretValues;
import java.util.Optional;

/** The replication slot of a declared Debezium PostgreSQL connector, for {@code steward status}'s alerts. */
public final class ConnectorSlots {

  private ConnectorSlots() {
  }

  /** The connector's slot as PostgreSQL shows it; empty when it does not exist (yet). */
  public static Optional<SlotInfo> slotOf(ConnectorSpec connector, SecretValues secrets) {
    String slot = CaptureScope.from(connector.config()).slotName();
    PostgresTarget target = DebeziumConnection.target(connector, secrets);
    return ReplicationSlots.list(target).stream().filter(s -> s.name().equals(slot)).findFirst();
  }

  /** The declared Debezium PostgreSQL connectors. */
  public static java.util.List<ConnectorSpec> debeziumConnectors(Inventory inventory) {
    return inventory.connectors().stream().filter(ConnectorSpec::isDebeziumPostgres).toList();
  }
}
