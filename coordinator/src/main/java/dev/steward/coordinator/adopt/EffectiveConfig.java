package dev.steward.coordinator.adopt;

import dev.steward.agent.v1.PropertiesEquivalence;
import dev.steward.common.render.BuiltInDefaults;
import dev.steward.common.render.EquivalentProperties;
import java.util.List;

/**
 * Compares a hand-built properties file with Steward's rendering by what the service does with
 * them, as the agent does ({@link EquivalentProperties}): a key one file leaves out counts as the
 * service's built-in default, and zookeeper.connect is a set of servers. Pure.
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
    return compare(handBuilt, rendered, BuiltInDefaults.kafka());
  }

  public static List<Difference> zooKeeper(String handBuilt, String rendered) {
    return compare(handBuilt, rendered, BuiltInDefaults.zooKeeper());
  }

  private static List<Difference> compare(String handBuilt, String rendered, PropertiesEquivalence rules) {
    return EquivalentProperties.changes(PropertiesFile.parse(handBuilt), PropertiesFile.parse(rendered), rules).stream()
        .map(change -> new Difference(change.key(), shown(change.effectiveFound()), shown(change.effectiveWanted())))
        .toList();
  }

  private static String shown(String value) {
    return value == null ? "(absent)" : value;
  }
}
