package dev.steward.coordinator.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tables a connector config captures, with no database: Debezium's matching rules. */
class TableSelectionTest {

  private static final List<TableName> TABLES = List.of(
      TableName.parse("public.user_events"), TableName.parse("public.user_events_archive"),
      TableName.parse("public.orders"), TableName.parse("inventory.items"), TableName.parse("inventory.orders"),
      TableName.parse("pg_catalog.pg_class"), TableName.parse("information_schema.sql_features"));

  private static List<String> captured(Map<String, String> config) {
    return TableSelection.of(CaptureScope.from(config)).select(TABLES).stream().map(TableName::qualified).toList();
  }

  @Test
  void theGuidesWildcardCapturesTheWholePublicSchema() {
    assertThat(captured(Map.of("table.include.list", "public.*")))
        .containsExactly("public.orders", "public.user_events", "public.user_events_archive");
  }

  @Test
  void aRegexMustMatchTheWholeQualifiedName() {
    assertThat(captured(Map.of("table.include.list", "public.user_events"))).containsExactly("public.user_events");
    assertThat(captured(Map.of("table.include.list", "user_events"))).as("the schema is part of the name").isEmpty();
    assertThat(captured(Map.of("table.include.list", "public.user"))).isEmpty();
  }

  @Test
  void matchingIgnoresCase() {
    assertThat(captured(Map.of("table.include.list", "PUBLIC.USER_EVENTS"))).containsExactly("public.user_events");
  }

  @Test
  void listsAreCommaSeparatedWithEscapedCommasKeptInTheRegex() {
    assertThat(captured(Map.of("table.include.list", " public.orders , inventory.items ")))
        .containsExactly("inventory.items", "public.orders");
    assertThat(CaptureScope.splitRegexList("public.a{1\\,3},public.b")).containsExactly("public.a{1,3}", "public.b");
  }

  @Test
  void schemaAndTableListsMustBothAdmitATable() {
    assertThat(captured(Map.of("schema.include.list", "inventory")))
        .containsExactly("inventory.items", "inventory.orders");
    assertThat(captured(Map.of("schema.include.list", "inventory", "table.include.list", ".*\\.orders")))
        .containsExactly("inventory.orders");
  }

  @Test
  void excludeListsRemoveFromEverything() {
    assertThat(captured(Map.of("table.exclude.list", "public\\.user_events.*,inventory\\..*")))
        .containsExactly("public.orders");
    assertThat(captured(Map.of("schema.exclude.list", "public"))).containsExactly("inventory.items",
        "inventory.orders");
  }

  @Test
  void systemSchemasAreNeverCaptured() {
    assertThat(captured(Map.of())).containsExactly("inventory.items", "inventory.orders", "public.orders",
        "public.user_events", "public.user_events_archive");
    assertThat(captured(Map.of("table.include.list", ".*"))).doesNotContain("pg_catalog.pg_class",
        "information_schema.sql_features");
  }

  @Test
  void aDotIsARegexWildcardAsInDebezium() {
    assertThat(TableSelection.of(CaptureScope.from(Map.of("table.include.list", "public.user_events")))
        .captures(new TableName("public", "user_events"))).isTrue();
    assertThat(TableSelection.of(CaptureScope.from(Map.of("table.include.list", "public.user.events")))
        .captures(new TableName("public", "user_events"))).isTrue();
  }
}
