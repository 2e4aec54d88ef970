package dev.steward.coordinator.cdc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a Debezium PostgreSQL connector captures and through which slot and publication, read from its config the
 * way Debezium reads it. Empty include lists mean every table outside the system schemas. The exclude lists are
 * Debezium's alternatives to the include lists (it rejects a config that sets both for tables, or both for
 * schemas); without them a precheck would blame tables the connector never reads.
 */
public record CaptureScope(List<String> tableIncludeList, List<String> schemaIncludeList, String slotName,
    String publicationName, String publicationAutocreateMode, List<String> tableExcludeList,
    List<String> schemaExcludeList) {

  public static final String DEFAULT_SLOT = "debezium";
  public static final String DEFAULT_PUBLICATION = "dbz_publication";

  /** Debezium's {@code publication.autocreate.mode}. */
  public enum AutocreateMode {
    /** Creates the publication FOR ALL TABLES when missing: needs a superuser. */
    ALL_TABLES,
    /** Creates it, or re-sets its tables, to exactly the captured tables: needs ownership of them. */
    FILTERED,
    /** Uses the publication as it is and fails when it is missing. */
    DISABLED;

    public static AutocreateMode parse(String value) {
      for (AutocreateMode mode : values()) {
        if (mode.configValue().equalsIgnoreCase(value.trim())) {
          return mode;
        }
      }
      throw new IllegalArgumentException(
          "publication.autocreate.mode must be all_tables, filtered or disabled: " + value);
    }

    public String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CaptureScope {
    tableIncludeList = checkedRegexes("table.include.list", tableIncludeList);
    schemaIncludeList = checkedRegexes("schema.include.list", schemaIncludeList);
    tableExcludeList = checkedRegexes("table.exclude.list", tableExcludeList);
    schemaExcludeList = checkedRegexes("schema.exclude.list", schemaExcludeList);
    requireOneOf("table", tableIncludeList, tableExcludeList);
    requireOneOf("schema", schemaIncludeList, schemaExcludeList);
    slotName = Objects.requireNonNullElse(slotName, DEFAULT_SLOT);
    publicationName = Objects.requireNonNullElse(publicationName, DEFAULT_PUBLICATION);
    publicationAutocreateMode = AutocreateMode.parse(
        Objects.requireNonNullElse(publicationAutocreateMode, "all_tables")).configValue();
  }

  /** Include lists only, as the guide's connector config has them. */
  public CaptureScope(List<String> tableIncludeList, List<String> schemaIncludeList, String slotName,
      String publicationName, String publicationAutocreateMode) {
    this(tableIncludeList, schemaIncludeList, slotName, publicationName, publicationAutocreateMode, List.of(),
        List.of());
  }

  /** From a connector's config, with Debezium's defaults for the keys it leaves out. */
  public static CaptureScope from(Map<String, String> connectorConfig) {
    return new CaptureScope(
        splitRegexList(connectorConfig.get("table.include.list")),
        splitRegexList(connectorConfig.get("schema.include.list")),
        blankToNull(connectorConfig.get("slot.name")),
        blankToNull(connectorConfig.get("publication.name")),
        blankToNull(connectorConfig.get("publication.autocreate.mode")),
        splitRegexList(connectorConfig.get("table.exclude.list")),
        splitRegexList(connectorConfig.get("schema.exclude.list")));
  }

  public AutocreateMode autocreateMode() {
    return AutocreateMode.parse(publicationAutocreateMode);
  }

  /** True when no list narrows the capture: the connector reads every non-system table. */
  public boolean capturesEverything() {
    return tableIncludeList.isEmpty() && schemaIncludeList.isEmpty() && tableExcludeList.isEmpty()
        && schemaExcludeList.isEmpty();
  }

  /** The filters in config syntax, for messages. */
  public String describeFilters() {
    if (capturesEverything()) {
      return "every table outside pg_catalog and information_schema";
    }
    List<String> parts = new ArrayList<>();
    addFilter(parts, "schema.include.list", schemaIncludeList);
    addFilter(parts, "schema.exclude.list", schemaExcludeList);
    addFilter(parts, "table.include.list", tableIncludeList);
    addFilter(parts, "table.exclude.list", tableExcludeList);
    return String.join(", ", parts);
  }

  /**
   * Splits a comma-separated list of regexes like Debezium does: a comma the regex itself needs (as in
   * {@code a{1,3}}) is written {@code \,}.
   */
  static List<String> splitRegexList(String value) {
    List<String> regexes = new ArrayList<>();
    if (value == null) {
      return regexes;
    }
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
        current.append(',');
        i++;
      } else if (c == ',') {
        addTrimmed(regexes, current);
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    addTrimmed(regexes, current);
    return regexes;
  }

  private static void addTrimmed(List<String> regexes, CharSequence regex) {
    String trimmed = regex.toString().trim();
    if (!trimmed.isEmpty()) {
      regexes.add(trimmed);
    }
  }

  private static List<String> checkedRegexes(String key, List<String> regexes) {
    List<String> copy = List.copyOf(Objects.requireNonNullElse(regexes, List.of()));
    for (String regex : copy) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(key + " has an invalid regular expression '" + regex + "': "
            + e.getDescription(), e);
      }
    }
    return copy;
  }

  private static void requireOneOf(String kind, List<String> includes, List<String> excludes) {
    if (!includes.isEmpty() && !excludes.isEmpty()) {
      throw new IllegalArgumentException(kind + ".include.list and " + kind + ".exclude.list cannot both be set:"
          + " Debezium rejects such a config");
    }
  }

  private static void addFilter(List<String> parts, String key, List<String> regexes) {
    if (!regexes.isEmpty()) {
      parts.add(key + "=" + String.join(",", regexes));
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
