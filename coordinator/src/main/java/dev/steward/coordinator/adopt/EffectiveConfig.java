package dev.steward.coordinator.adopt;

import dev.steward.common.inventory.GuideDefaults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two properties files by what the service does with them, not by their text: a key one
 * file leaves out counts as the service's built-in default, and zookeeper.connect is a set of
 * servers. Comments, order and Steward's header line are not configuration. Pure.
 */
public final class EffectiveConfig {

  private EffectiveConfig() {
  }

  /** One key whose effective value differs. */
  public record Difference(String key, String handBuilt, String rendered) {

    @Override
    public String toString() {
      return key + ": " + handBuilt + " by hand, " + rendered + " rendered by Steward";
    }
  }

  public static List<Difference> server(String handBuilt, String rendered) {
    return compare(PropertiesFile.parse(handBuilt), PropertiesFile.parse(rendered), BuiltInDefaults.KAFKA);
  }

  public static List<Difference> zooKeeper(String handBuilt, String rendered) {
    return compare(PropertiesFile.parse(handBuilt), PropertiesFile.parse(rendered), BuiltInDefaults.ZOOKEEPER);
  }

  static List<Difference> compare(Map<String, String> handBuilt, Map<String, String> rendered,
      Map<String, String> builtIn) {
    Set<String> keys = new LinkedHashSet<>(handBuilt.keySet());
    keys.addAll(rendered.keySet());
    List<Difference> differences = new ArrayList<>();
    for (String key : keys) {
      String before = effective(key, handBuilt.getOrDefault(key, builtIn.get(key)));
      String after = effective(key, rendered.getOrDefault(key, builtIn.get(key)));
      if (!Objects.equals(before, after)) {
        differences.add(new Difference(key, before == null ? "(absent)" : before, after == null ? "(absent)" : after));
      }
    }
    return differences;
  }

  private static String effective(String key, String value) {
    if (value == null || !key.equals(GuideDefaults.ZOOKEEPER_CONNECT)) {
      return value;
    }
    return String.join(",", new TreeSet<>(Arrays.asList(value.split(","))));
  }
}
