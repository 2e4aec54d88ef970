package dev.steward.common.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a {@code config:}-style mapping of property overrides, refuses the keys Steward sets
 * itself, and merges the rest over the defaults: an override replaces a default in place (so
 * the rendered file keeps the guide's order), new keys follow in the file's order.
 */
final class PropertyOverrides {

  /** Keys Steward owns: exact names and name prefixes, each with the fix to tell the user. */
  record OwnedKeys(Map<String, String> exact, Map<String, String> prefixes) {

    static final OwnedKeys NONE = new OwnedKeys(Map.of(), Map.of());

    Optional<String> fixFor(String key) {
      if (exact.containsKey(key)) {
        return Optional.of(exact.get(key));
      }
      return prefixes.entrySet().stream().filter(e -> key.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst();
    }
  }

  private PropertyOverrides() {
  }

  /**
   * @return the defaults with the valid, non-owned overrides of {@code section.key} merged in
   */
  static Map<String, String> read(YamlMap section, String key, Function<String, Optional<String>> keyRule,
      String keyFix, OwnedKeys owned, Map<String, String> defaults, Problems problems) {
    return read(section, key, keyRule, keyFix, ValueParsers.propertyValue(), owned, defaults, problems);
  }

  /** {@link #read(YamlMap, String, Function, String, OwnedKeys, Map, Problems)} with another rule for the values. */
  static Map<String, String> read(YamlMap section, String key, Function<String, Optional<String>> keyRule,
      String keyFix, ValueParser<String> valueParser, OwnedKeys owned, Map<String, String> defaults,
      Problems problems) {
    Map<String, String> merged = new LinkedHashMap<>(defaults);
    section.properties(key, keyRule, keyFix, valueParser).forEach((name, value) -> {
      Optional<String> fix = owned.fixFor(name);
      if (fix.isPresent()) {
        problems.error(section.propertyField(key, name), "is set by Steward and may not be given here", fix.get());
      } else {
        merged.put(name, value);
      }
    });
    return merged;
  }
}
