package dev.steward.common.service;

import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.inventory.InstallSpec;
import dev.steward.common.inventory.Inventory;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * How a connector's {@code ${secret:NAME}} reaches Connect: the coordinator writes the value into
 * a file readable by the service user only, on every worker host, and the connector's config
 * names that file through Kafka's FileConfigProvider ({@code ${file:PATH:value}}), so the value
 * is in no inventory, no REST answer and no log: Connect resolves it when it starts the connector.
 */
public final class ConnectSecrets {

  /** The key under which each secret file holds its value. */
  public static final String KEY = "value";

  private ConnectSecrets() {
  }

  /** Where a secret's file lives on a worker host (logical path). */
  public static String logicalPath(InstallSpec install, String secret) {
    return install.kafkaHome() + "/config/connect-secrets/" + secret + ".properties";
  }

  /** The secrets the inventory's connectors refer to. */
  public static Set<String> used(Inventory inventory) {
    Set<String> used = new TreeSet<>();
    inventory.connectors().forEach(c -> used.addAll(c.secretNames()));
    return used;
  }

  /** The file's content: one escaped properties line, so any printable value reads back unchanged. */
  public static String fileContent(String value) {
    StringBuilder escaped = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("a secret value may not hold control characters");
      }
      if (c == '\\' || (i == 0 && (c == ' ' || c == '#' || c == '!'))) {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return KEY + "=" + escaped + "\n";
  }

  /**
   * The connector's config value with each {@code ${secret:NAME}} replaced by the
   * FileConfigProvider reference to the file at {@code realPathOf.apply(NAME)}.
   */
  public static String resolveReferences(String value, java.util.function.Function<String, String> realPathOf) {
    Matcher m = ConnectorSpec.SECRET_REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement("${file:" + realPathOf.apply(m.group(1)) + ":" + KEY + "}"));
    }
    m.appendTail(out);
    return out.toString();
  }
}
