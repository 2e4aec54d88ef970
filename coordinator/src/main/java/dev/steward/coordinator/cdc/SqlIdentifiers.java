package dev.steward.coordinator.cdc;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Quotes names for the SQL Steward runs and for the fix statements it prints. DDL cannot take bind parameters, so
 * names are always quoted before they are spliced into a statement.
 */
final class SqlIdentifiers {

  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

  // PostgreSQL's reserved and type/function-name keywords: as bare names they are syntax errors, so a printed fix
  // statement must quote them even though they look plain.
  private static final Set<String> KEYWORDS = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
      "asymmetric", "authorization", "binary", "both", "case", "cast", "check", "collate", "collation", "column",
      "concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
      "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
      "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant",
      "group", "having", "ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral",
      "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null",
      "offset", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references", "returning",
      "right", "select", "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample",
      "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where",
      "window", "with");

  private SqlIdentifiers() {
  }

  /** Always quoted: for statements Steward executes, where readability does not matter. */
  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** Quoted only when PostgreSQL would otherwise fold or reject it: for statements a person reads and copies. */
  static String quoteIfNeeded(String name) {
    return PLAIN.matcher(name).matches() && !KEYWORDS.contains(name) ? name : quote(name);
  }

  /** A string literal, for the few places (configuration files) that take no parameters. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
