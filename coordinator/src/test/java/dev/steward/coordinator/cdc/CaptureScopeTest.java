package dev.steward.coordinator.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.coordinator.cdc.CaptureScope.AutocreateMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureScopeTest {

  @Test
  void unsetKeysTakeDebeziumsDefaults() {
    CaptureScope scope = CaptureScope.from(Map.of("connector.class",
        "io.debezium.connector.postgresql.PostgresConnector", "slot.name", " "));

    assertThat(scope.slotName()).isEqualTo("debezium");
    assertThat(scope.publicationName()).isEqualTo("dbz_publication");
    assertThat(scope.autocreateMode()).isEqualTo(AutocreateMode.ALL_TABLES);
    assertThat(scope.tableIncludeList()).isEmpty();
    assertThat(scope.capturesEverything()).isTrue();
    assertThat(scope.describeFilters()).isEqualTo("every table outside pg_catalog and information_schema");
  }

  @Test
  void theGuidesConfigIsReadAsWritten() {
    CaptureScope scope = CaptureScope.from(Map.of("table.include.list", "public.user_events",
        "slot.name", "analytics_slot", "publication.name", "analytics_pub", "publication.autocreate.mode", "Filtered"));

    assertThat(scope).isEqualTo(new CaptureScope(List.of("public.user_events"), List.of(), "analytics_slot",
        "analytics_pub", "filtered"));
    assertThat(scope.describeFilters()).isEqualTo("table.include.list=public.user_events");
  }

  @Test
  void configsDebeziumWouldRejectAreRejected() {
    assertThatThrownBy(() -> CaptureScope.from(Map.of("publication.autocreate.mode", "some_tables")))
        .hasMessageContaining("all_tables, filtered or disabled");
    assertThatThrownBy(() -> CaptureScope.from(Map.of("table.include.list", "public.a",
        "table.exclude.list", "public.b"))).hasMessageContaining("cannot both be set");
    assertThatThrownBy(() -> CaptureScope.from(Map.of("table.include.list", "public.(open")))
        .hasMessageContaining("table.include.list has an invalid regular expression 'public.(open'");
  }

  @Test
  void theTargetComesFromTheConnectorsDatabaseSettings() {
    PostgresTarget target = PostgresTarget.fromConnectorConfig(Map.of("database.hostname", "db1",
        "database.user", "cdc_user", "database.password", "cdc_password123", "database.dbname", "analytics_db"));

    assertThat(target).isEqualTo(new PostgresTarget("db1", 5432, "analytics_db", "cdc_user", "cdc_password123"));
    assertThatThrownBy(() -> PostgresTarget.fromConnectorConfig(Map.of("database.hostname", "db1")))
        .hasMessage("connector config has no database.dbname");
  }
}
