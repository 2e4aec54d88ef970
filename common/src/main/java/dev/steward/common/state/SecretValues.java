package dev.steward.common.state;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The values of the inventory's secrets, read by the coordinator just before it builds the
 * desired state. Never printed: {@link #toString()} names the secrets only.
 */
public final class SecretValues {

  public static final SecretValues NONE = new SecretValues(Map.of());

  private final Map<String, String> values;

  public SecretValues(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** These values and one more. */
  public SecretValues with(String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(values);
    more.put(name, value);
    return new SecretValues(more);
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  @Override
  public String toString() {
    return "SecretValues" + new TreeMap<>(values).keySet();
  }
}
