package dev.steward.coordinator.cdc;

import java.util.Comparator;
import java.util.Objects;

/** A table by schema and name, as Debezium's include lists match it ("schema.table"). */
public record TableName(String schema, String table) implements Comparable<TableName> {

  private static final Comparator<TableName> ORDER =
      Comparator.comparing(TableName::schema).thenComparing(TableName::table);

  public TableName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
  }

  /** {@code "public.user_events"} from its qualified form; the schema defaults to public like PostgreSQL's. */
  public static TableName parse(String qualified) {
    int dot = qualified.indexOf('.');
    return dot < 0 ? new TableName("public", qualified)
        : new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  /** The identifier Debezium's table.include.list regexes are matched against. */
  public String qualified() {
    return schema + "." + table;
  }

  /** The name as it must be written in SQL, quoted where needed. */
  public String sql() {
    return SqlIdentifiers.quoteIfNeeded(schema) + "." + SqlIdentifiers.quoteIfNeeded(table);
  }

  @Override
  public int compareTo(TableName other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return qualified();
  }
}
