package dev.steward.coordinator.cdc;

import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.state.SecretValues;
import dev.steward.coordinator.deploy.ConnectorPrecheck;
import dev.steward.coordinator.progress.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * Before a Debezium PostgreSQL connector is created or changed, its database must be able to feed
 * it ({@link PostgresPrecheck}); any other connector passes. Failures name the check and the fix.
 */
public final class DebeziumPrecheck implements ConnectorPrecheck {

  @Override
  public List<String> failures(ConnectorSpec connector, SecretValues secrets, Progress progress) {
    if (!connector.isDebeziumPostgres()) {
      return List.of();
    }
    PostgresTarget target = DebeziumConnection.target(connector, secrets);
    progress.step(connector.name(), "checking PostgreSQL " + target);
    List<CdcCheck> checks = PostgresPrecheck.run(target, CaptureScope.from(connector.config()));
    progress.info(connector.name() + " prechecks:\n" + PrecheckTable.render(checks));
    List<String> failures = new ArrayList<>();
    for (CdcCheck check : checks) {
      if (check.outcome() == CdcCheck.Outcome.FAIL) {
        failures.add(connector.name() + ": " + check.name() + ": " + check.observed() + " (required: "
            + check.required() + "); " + check.message());
      }
    }
    return failures;
  }
}
