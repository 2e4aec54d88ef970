package dev.steward.coordinator.cdc;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which tables a connector captures, decided as Debezium decides it: every regex must match the whole name,
 * ignoring case; schema lists match the schema name, table lists match "schema.table"; a table must pass both;
 * the system schemas are never captured.
 */
public final class TableSelection {

  static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema");

  private final List<Pattern> tableIncludes;
  private final List<Pattern> tableExcludes;
  private final List<Pattern> schemaIncludes;
  private final List<Pattern> schemaExcludes;

  private TableSelection(CaptureScope scope) {
    this.tableIncludes = compile(scope.tableIncludeList());
    this.tableExcludes = compile(scope.tableExcludeList());
    this.schemaIncludes = compile(scope.schemaIncludeList());
    this.schemaExcludes = compile(scope.schemaExcludeList());
  }

  public static TableSelection of(CaptureScope scope) {
    return new TableSelection(scope);
  }

  public boolean captures(TableName table) {
    return !SYSTEM_SCHEMAS.contains(table.schema())
        && passes(table.schema(), schemaIncludes, schemaExcludes)
        && passes(table.qualified(), tableIncludes, tableExcludes);
  }

  /** The captured ones among {@code tables}, sorted by schema and name. */
  public List<TableName> select(Collection<TableName> tables) {
    return tables.stream().filter(this::captures).sorted().toList();
  }

  private static boolean passes(String name, List<Pattern> includes, List<Pattern> excludes) {
    if (!includes.isEmpty()) {
      return matchesAny(name, includes);
    }
    return !matchesAny(name, excludes);
  }

  private static boolean matchesAny(String name, List<Pattern> patterns) {
    return patterns.stream().anyMatch(pattern -> pattern.matcher(name).matches());
  }

  private static List<Pattern> compile(List<String> regexes) {
    return regexes.stream().map(regex -> Pattern.compile(regex, Pattern.CASE_INSENSITIVE)).toList();
  }
}
