package dev.steward.common.inventory;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kafka Connect connector as desired state: Steward creates or updates it over Connect's REST
 * API and holds it in {@code state}. Its config may name secrets as {@code ${secret:NAME}}.
 *
 * @param connectCluster the Connect group it runs on ({@code connect.groupId})
 * @param config the connector's own settings, without {@code connector.class}/{@code tasks.max}/{@code name}
 * @param state running, paused or stopped
 */
public record ConnectorSpec(String name, String connectCluster, String className, int tasksMax,
    Map<String, String> config, String state) {

  public static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9._-]+)}");
  public static final String POSTGRES_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";

  public ConnectorSpec {
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
  }

  public boolean isDebeziumPostgres() {
    return POSTGRES_CONNECTOR.equals(className);
  }

  /** The names of the secrets its config refers to. */
  public java.util.Set<String> secretNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (String value : config.values()) {
      Matcher m = SECRET_REFERENCE.matcher(value);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
