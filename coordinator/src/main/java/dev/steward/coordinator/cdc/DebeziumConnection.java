package dev.steward.coordinator.cdc;

import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.state.SecretValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The database a declared Debezium connector reads, as the coordinator reaches it: the connector's
 * {@code database.*} settings with each {@code ${secret:NAME}} replaced by the secret's value
 * (read on the coordinator, never sent anywhere but to PostgreSQL's login).
 */
final class DebeziumConnection {

  private DebeziumConnection() {
  }

  static PostgresTarget target(ConnectorSpec connector, SecretValues secrets) {
    return PostgresTarget.fromConnectorConfig(withSecrets(connector.config(), secrets));
  }

  static Map<String, String> withSecrets(Map<String, String> config, SecretValues secrets) {
    Map<String, String> resolved = new LinkedHashMap<>();
    config.forEach((key, value) -> {
      Matcher m = ConnectorSpec.SECRET_REFERENCE.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(secrets.value(m.group(1)).orElse("")));
      }
      m.appendTail(out);
      resolved.put(key, out.toString());
    });
    return resolved;
  }
}
