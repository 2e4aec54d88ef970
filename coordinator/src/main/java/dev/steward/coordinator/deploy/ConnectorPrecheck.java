package dev.steward.coordinator.deploy;

import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.state.SecretValues;
import dev.steward.coordinator.progress.Progress;
import java.util.List;

/** What must hold outside Kafka before a connector is created or changed (its source database, say). */
@FunctionalInterface
public interface ConnectorPrecheck {

  ConnectorPrecheck NONE = (connector, secrets, progress) -> List.of();

  /** @return one line per failed check (naming it and the fix); empty when the connector may go ahead */
  List<String> failures(ConnectorSpec connector, SecretValues secrets, Progress progress);
}
