package dev.steward.common.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One YAML mapping of the inventory, read key by key. Every refusal becomes a problem at the
 * key's field path and the caller gets the default (or nothing) back, so reading carries on
 * and every problem of the file is found in one pass. Unknown keys are reported as soon as
 * the mapping is opened, with the allowed keys and the closest match.
 */
final class YamlMap {

  private final JsonNode node;
  private final String path;
  private final Problems problems;
  /** False when the value was not a mapping: its keys are then not "missing", it is wrong as a whole. */
  private final boolean readable;

  private YamlMap(JsonNode node, String path, Problems problems, boolean readable) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.readable = readable;
  }

  /** Opens the mapping {@code node} at {@code path}; anything else is reported and read as empty. */
  static YamlMap open(JsonNode node, String path, Problems problems, List<String> allowedKeys) {
    if (isAbsent(node)) {
      return new YamlMap(MissingNode.getInstance(), path, problems, true);
    }
    if (!node.isObject()) {
      problems.invalid(path.isEmpty() ? "(top level)" : path, "expected a mapping of keys to values, got "
          + ValueParsers.describe(node), "write the keys (" + String.join(", ", allowedKeys) + ") indented below it");
      return new YamlMap(MissingNode.getInstance(), path, problems, false);
    }
    YamlMap map = new YamlMap(node, path, problems, true);
    map.reportUnknownKeys(allowedKeys);
    return map;
  }

  String field(String key) {
    return FieldPath.child(path, key);
  }

  /**
   * A mapping whose keys are names the user chooses (secrets): any key is allowed, and each
   * value is read with {@link #section}.
   */
  YamlMap namedSection(String key) {
    JsonNode value = node.get(key);
    if (!isAbsent(value) && !value.isObject()) {
      problems.invalid(field(key), "expected a mapping of names to values, got " + describe(value),
          "write one 'name: {...}' per line indented below " + key);
      return new YamlMap(MissingNode.getInstance(), field(key), problems, false);
    }
    return new YamlMap(isAbsent(value) ? MissingNode.getInstance() : value, field(key), problems, true);
  }

  /** The keys of this mapping, in the file's order. */
  List<String> keys() {
    List<String> keys = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** True when {@code key} is given at all, even with an empty or null value. */
  boolean contains(String key) {
    return node.get(key) != null;
  }

  /** True when the section {@code key} has content; an empty or null section means "all defaults". */
  boolean hasSection(String key) {
    return !isAbsent(node.get(key));
  }

  /** The value of {@code key}, or {@code defaultValue} when it is absent or invalid (then reported). */
  <T> T get(String key, ValueParser<T> parser, T defaultValue) {
    return optional(key, parser).orElse(defaultValue);
  }

  <T> Optional<T> optional(String key, ValueParser<T> parser) {
    JsonNode value = node.get(key);
    if (value == null) {
      return Optional.empty();
    }
    return parse(field(key), value, parser);
  }

  <T> Optional<T> required(String key, ValueParser<T> parser, String fixIfMissing) {
    if (node.get(key) == null) {
      reportMissing(key, fixIfMissing);
      return Optional.empty();
    }
    return optional(key, parser);
  }

  /** A list whose items are each parsed (and reported at {@code key[i]}); invalid items are left out. */
  <T> List<T> list(String key, ValueParser<T> itemParser, List<T> defaultValue) {
    JsonNode value = node.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (!value.isArray()) {
      problems.invalid(field(key), "expected a list, got " + describe(value),
          "write one item per line starting with '- ', or [a, b] ([] for none)");
      return defaultValue;
    }
    List<T> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      parse(FieldPath.index(field(key), i), value.get(i), itemParser).ifPresent(items::add);
    }
    return items;
  }

  /** A nested mapping; absent or empty reads as an empty mapping (all defaults). */
  YamlMap section(String key, List<String> allowedKeys) {
    return open(node.get(key), field(key), problems, allowedKeys);
  }

  Optional<YamlMap> requiredSection(String key, List<String> allowedKeys, String fixIfMissing) {
    if (isAbsent(node.get(key))) {
      reportMissing(key, fixIfMissing);
      return Optional.empty();
    }
    return Optional.of(section(key, allowedKeys));
  }

  /**
   * A required, non-empty list of mappings (the hosts). The result has one element per list
   * item, empty where the item is not a mapping, so that positions match the file's indexes.
   */
  List<Optional<YamlMap>> requiredMappingList(String key, List<String> allowedKeys, String fixIfMissing) {
    JsonNode value = node.get(key);
    if (isAbsent(value)) {
      reportMissing(key, fixIfMissing);
      return List.of();
    }
    if (value.isArray() && value.isEmpty()) {
      problems.invalid(field(key), "is empty", fixIfMissing);
      return List.of();
    }
    if (!value.isArray()) {
      problems.invalid(field(key), "expected a list, got " + describe(value), fixIfMissing);
      return List.of();
    }
    List<Optional<YamlMap>> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      String itemPath = FieldPath.index(field(key), i);
      JsonNode item = value.get(i);
      if (item.isObject()) {
        items.add(Optional.of(open(item, itemPath, problems, allowedKeys)));
      } else {
        problems.invalid(itemPath, "expected a mapping, got " + describe(item), fixIfMissing);
        items.add(Optional.empty());
      }
    }
    return items;
  }

  /**
   * A mapping of property names to scalar values, in the file's order. Keys are checked with
   * {@code keyRule}, values with {@link PropertyRules#valueProblem}; invalid entries are left out.
   */
  Map<String, String> properties(String key, Function<String, Optional<String>> keyRule, String keyFix) {
    return properties(key, keyRule, keyFix, ValueParsers.propertyValue());
  }

  /** {@link #properties(String, Function, String)} with another rule for the values. */
  Map<String, String> properties(String key, Function<String, Optional<String>> keyRule, String keyFix,
      ValueParser<String> valueParser) {
    Map<String, String> properties = new LinkedHashMap<>();
    JsonNode value = node.get(key);
    if (isAbsent(value)) {
      return properties;
    }
    if (!value.isObject()) {
      problems.invalid(field(key), "expected a mapping of property names to values, got " + describe(value),
          "write one 'name: value' per line indented below " + key);
      return properties;
    }
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String entryField = propertyField(key, entry.getKey());
      Optional<String> keyProblem = keyRule.apply(entry.getKey());
      if (keyProblem.isPresent()) {
        problems.invalid(entryField, keyProblem.get(), keyFix);
        continue;
      }
      parse(entryField, entry.getValue(), valueParser)
          .ifPresent(v -> properties.put(entry.getKey(), v));
    }
    return properties;
  }

  /** The field path of one property of a properties mapping: {@code kafka.config."log.retention.hours"}. */
  String propertyField(String key, String property) {
    return FieldPath.quoted(field(key), property);
  }

  private <T> Optional<T> parse(String field, JsonNode value, ValueParser<T> parser) {
    if (value.isNull()) {
      problems.invalid(field, "has no value", "give it a value, or remove the key to use the default");
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parse(value));
    } catch (InvalidValue invalid) {
      problems.invalid(field, invalid.getMessage(), invalid.fix());
      return Optional.empty();
    }
  }

  private void reportMissing(String key, String fix) {
    if (readable) {
      problems.invalid(field(key), "is required", fix);
    } else {
      problems.unreadable(field(key));
    }
  }

  private void reportUnknownKeys(List<String> allowedKeys) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowedKeys.contains(name)) {
        String fix = KeySuggestions.closest(name, allowedKeys)
            .map(s -> "did you mean \"" + s + "\"? (keys are case-sensitive)")
            .orElse("remove it, or use one of the allowed keys");
        problems.invalid(field(name), "unknown key; allowed here: " + String.join(", ", allowedKeys), fix);
      }
    }
  }

  private static String describe(JsonNode value) {
    return ValueParsers.describe(value);
  }

  /** Absent, null ("key: ~") or empty ("key:" with nothing after it, which YAML reads as ""). */
  private static boolean isAbsent(JsonNode value) {
    return value == null || value.isMissingNode() || value.isNull()
        || (value.isTextual() && value.textValue().isEmpty());
  }
}
