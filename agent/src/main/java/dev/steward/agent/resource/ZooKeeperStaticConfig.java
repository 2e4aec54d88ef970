package dev.steward.agent.resource;

import dev.steward.agent.v1.PropertiesEquivalence;
import dev.steward.common.render.EquivalentProperties;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZooKeeper's static configuration file under dynamic reconfiguration. Once the file names a
 * {@code dynamicConfigFile}, ZooKeeper owns the membership: after a membership change it writes
 * a new dynamic file and rewrites this one (from a {@code java.util.Properties} map: its own key order, no
 * comments), pointing it at the new file and leaving out the keys it moved there. Comparing bytes
 * would then "repair" ZooKeeper's file on every apply, and restore a pointer to an old
 * membership. So the desired file is compared as properties without the keys ZooKeeper owns, and
 * written with ZooKeeper's values for them (docs/agent.md).
 */
final class ZooKeeperStaticConfig {

  /** What ZooKeeper 3.8's {@code QuorumPeerConfig.editStaticConfig} leaves out or rewrites. */
  private static final List<String> OWNED_PREFIXES = List.of("server.", "group", "weight", "peerType",
      "dynamicConfigFile", "clientPort", "clientPortAddress");

  private ZooKeeperStaticConfig() {
  }

  /** Whether ZooKeeper has taken over the membership keys of the file as found. */
  static boolean ownedByZooKeeper(byte[] found) {
    return found != null && properties(found).containsKey("dynamicConfigFile");
  }

  /**
   * The content the file should have: {@code desired} itself while Steward still owns the whole
   * file; otherwise {@code desired} without the keys ZooKeeper owns, then ZooKeeper's lines for
   * them as found, or the file as found when that differs from it in no key Steward owns.
   */
  static byte[] effective(byte[] desired, byte[] found) {
    if (!ownedByZooKeeper(found)) {
      return desired;
    }
    Map<String, String> foundKeys = properties(found);
    if (stewardKeys(properties(desired)).equals(stewardKeys(foundKeys))) {
      return found;
    }
    StringBuilder text = new StringBuilder();
    for (String line : new String(desired, StandardCharsets.UTF_8).split("\n", -1)) {
      String key = keyOf(line);
      if (!line.isEmpty() && (key == null || !owned(key))) {
        text.append(line).append('\n');
      }
    }
    foundKeys.forEach((key, value) -> {
      if (owned(key)) {
        text.append(key).append('=').append(value).append('\n');
      }
    });
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static boolean owned(String key) {
    return OWNED_PREFIXES.stream().anyMatch(key::startsWith);
  }

  private static Map<String, String> stewardKeys(Map<String, String> all) {
    Map<String, String> kept = new LinkedHashMap<>(all);
    kept.keySet().removeIf(ZooKeeperStaticConfig::owned);
    return kept;
  }

  private static String keyOf(String line) {
    String trimmed = line.trim();
    if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
      return null;
    }
    int equals = trimmed.indexOf('=');
    return (equals < 0 ? trimmed : trimmed.substring(0, equals)).trim();
  }

  /** The file's keys and values; none for a file that cannot be read as properties (it cannot be ZooKeeper's). */
  static Map<String, String> properties(byte[] content) {
    return EquivalentProperties.parse(content).orElse(Map.of());
  }

  /** For the diff: the keys Steward would change, as "key: found -> wanted" lines. */
  static List<String> changedKeys(byte[] desired, byte[] found) {
    return EquivalentProperties.changes(stewardKeys(properties(found)), stewardKeys(properties(desired)),
        PropertiesEquivalence.getDefaultInstance()).stream().map(EquivalentProperties.Change::toString).toList();
  }
}
