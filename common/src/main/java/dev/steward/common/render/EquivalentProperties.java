package dev.steward.common.render;

import dev.steward.agent.v1.PropertiesEquivalence;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether two properties files configure a service alike: every key has the same effective value,
 * a key one file leaves out counting as the service's built-in default ({@link BuiltInDefaults}).
 * Comments, order, spacing and explicit defaults are not configuration. The agent keeps a file
 * that sets what Steward would set (a host built by hand keeps the operator's file, and nothing
 * restarts for it), and adopt checks with it that its inventory reproduces a cluster. Pure.
 */
public final class EquivalentProperties {

  private EquivalentProperties() {
  }

  /**
   * One key whose effective value differs.
   *
   * @param found the value the first file sets, null when it leaves the key out
   * @param wanted the value the second file sets, null when it leaves the key out
   */
  public record Change(String key, String found, String wanted, String builtIn) {

    /** The value the service runs with under the first file; null when neither it nor a default sets one. */
    public String effectiveFound() {
      return found != null ? found : builtIn;
    }

    public String effectiveWanted() {
      return wanted != null ? wanted : builtIn;
    }

    @Override
    public String toString() {
      return key + ": " + shown(found) + " -> " + shown(wanted);
    }

    private String shown(String value) {
      if (value != null) {
        return value;
      }
      return builtIn == null ? "(unset)" : "(unset: " + builtIn + ")";
    }
  }

  /** The keys whose effective value would change from {@code found} to {@code wanted}; empty when equivalent. */
  public static List<Change> changes(Map<String, String> found, Map<String, String> wanted,
      PropertiesEquivalence rules) {
    TreeSet<String> keys = new TreeSet<>(wanted.keySet());
    keys.addAll(found.keySet());
    List<Change> changes = new ArrayList<>();
    for (String key : keys) {
      String builtIn = rules.getBuiltInDefaultsMap().get(key);
      Change change = new Change(key, found.get(key), wanted.get(key), builtIn);
      if (!Objects.equals(normalized(key, change.effectiveFound(), rules),
          normalized(key, change.effectiveWanted(), rules))) {
        changes.add(change);
      }
    }
    return changes;
  }

  /** As {@link #changes(Map, Map, PropertiesEquivalence)}, for file contents; absent when either is not a properties file. */
  public static Optional<List<Change>> changes(byte[] found, byte[] wanted, PropertiesEquivalence rules) {
    Optional<Map<String, String>> before = parse(found);
    Optional<Map<String, String>> after = parse(wanted);
    if (before.isEmpty() || after.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(changes(before.get(), after.get(), rules));
  }

  /** Whether {@code found} sets what {@code wanted} sets; a file that cannot be read as properties never does. */
  public static boolean equivalent(byte[] found, byte[] wanted, PropertiesEquivalence rules) {
    return changes(found, wanted, rules).map(List::isEmpty).orElse(false);
  }

  /**
   * The keys and values as Kafka and ZooKeeper read them (java.util.Properties, values trimmed as
   * both do); empty when Properties cannot read the content (a malformed \\u escape).
   */
  public static Optional<Map<String, String>> parse(byte[] content) {
    Properties loaded = new Properties();
    try {
      loaded.load(new StringReader(new String(content, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    Map<String, String> values = new TreeMap<>();
    loaded.forEach((key, value) -> values.put(key.toString().trim(), value.toString().trim()));
    return Optional.of(values);
  }

  private static String normalized(String key, String value, PropertiesEquivalence rules) {
    if (value == null || !rules.getUnorderedListKeysList().contains(key)) {
      return value;
    }
    return String.join(",", new TreeSet<>(Arrays.stream(value.split(",")).map(String::strip).toList()));
  }
}
