package dev.steward.coordinator.adopt;

import java.util.List;
import java.util.Map;

/**
 * A key the guide says is identical on every node that differs between hosts. The inventory can
 * hold one value; the one most hosts have is written there, and the others are named, never
 * silently overwritten: apply would bring them in line.
 *
 * @param file "server.properties" or "zookeeper.properties"
 * @param valuesByHost each host's value, or {@link #ABSENT}, in --hosts order
 * @param adopted the value written to the inventory ({@link #ABSENT}: none)
 */
public record Mismatch(String file, String key, Map<String, String> valuesByHost, String adopted) {

  public static final String ABSENT = "(absent)";

  public Mismatch {
    valuesByHost = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(valuesByHost));
  }

  /** The hosts whose value differs from the adopted one: apply would change their file. */
  public List<String> hostsThatWouldChange() {
    return valuesByHost.entrySet().stream().filter(e -> !e.getValue().equals(adopted)).map(Map.Entry::getKey)
        .toList();
  }

  public String describe() {
    StringBuilder out = new StringBuilder(file).append(' ').append(key).append(" differs between hosts:");
    valuesByHost.forEach((host, value) -> out.append(' ').append(host).append('=').append(value).append(';'));
    out.setLength(out.length() - 1);
    return out.append(". The inventory holds ").append(adopted).append(" (most hosts); apply would change it on ")
        .append(String.join(", ", hostsThatWouldChange())).append(". Edit kafka.config/zookeeper.config before "
            + "apply if another value is the right one").toString();
  }
}
