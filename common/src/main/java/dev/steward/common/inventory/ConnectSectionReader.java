package dev.steward.common.inventory;

import dev.steward.common.inventory.PropertyOverrides.OwnedKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code connect} section: the worker hosts, group, REST port, JVM, worker properties, plugins. */
final class ConnectSectionReader {

  static final List<String> KEYS = List.of("hosts", "groupId", "restPort", "heap", "jvmOptions", "config", "plugins");

  private static final List<String> PLUGIN_KEYS = List.of("name", "path", "sha512");
  private static final Pattern PLUGIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9._-]{1,249}");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
  private static final String REST_LISTENER = "Steward derives it from hosts[].address and connect.restPort";

  private static final OwnedKeys OWNED = new OwnedKeys(Map.of(
      "bootstrap.servers", "Steward derives it from the brokers' addresses and kafka.port",
      "group.id", "use connect.groupId instead",
      "listeners", REST_LISTENER,
      "rest.host.name", "deprecated by Kafka; " + REST_LISTENER,
      "rest.port", "deprecated by Kafka; use connect.restPort instead",
      "rest.advertised.host.name", REST_LISTENER,
      "rest.advertised.port", REST_LISTENER,
      "rest.advertised.listener", REST_LISTENER,
      "plugin.path", "list plugin archives under connect.plugins; Steward unpacks them and sets plugin.path"),
      Map.of());

  private final Problems problems;
  private final Path baseDir;

  ConnectSectionReader(Problems problems, Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
  }

  ConnectSpec read(YamlMap connect, boolean present) {
    if (!present) {
      return ConnectSpec.NONE;
    }
    List<String> hosts = connect.list("hosts", ValueParsers.matching(HOST_NAME, "a host name from hosts[].name",
        "write the name of a host listed under hosts"), List.of());
    if (hosts.isEmpty() && !problems.failedWithin(connect.field("hosts"))) {
      problems.error(connect.field("hosts"), "is missing or empty, so no host would run a Connect worker",
          "list the hosts that run a worker, e.g. hosts: [cpu-node1] (the guide), or remove the connect section");
    }
    return new ConnectSpec(
        hosts,
        connect.get("groupId", ValueParsers.matching(GROUP_ID, "a group id (letters, digits, '.', '_', '-')",
            "write a group id such as connect-cluster"), GuideDefaults.CONNECT_GROUP_ID),
        connect.get("restPort", ValueParsers.port(), GuideDefaults.CONNECT_REST_PORT),
        connect.get("heap", ValueParsers.heap(), GuideDefaults.CONNECT_HEAP),
        connect.list("jvmOptions", JvmOptions.parser("connect.heap"), GuideDefaults.KAFKA_JVM_OPTIONS),
        PropertyOverrides.read(connect, "config", PropertyRules::propertyKeyProblem, PropertyRules.KEY_FIX, OWNED,
            defaultConfig(), problems),
        plugins(connect));
  }

  static Map<String, String> defaultConfig() {
    Map<String, String> config = new java.util.LinkedHashMap<>(GuideDefaults.CONNECT_PROPERTIES);
    config.putAll(GuideDefaults.CONNECT_STEWARD_DEFAULTS);
    return config;
  }

  private List<PluginSpec> plugins(YamlMap connect) {
    List<PluginSpec> plugins = new ArrayList<>();
    List<Optional<YamlMap>> items = connect.contains("plugins")
        ? connect.requiredMappingList("plugins", PLUGIN_KEYS, "list plugin archives, e.g. - {name: debezium-postgres, "
            + "path: debezium-connector-postgres-3.2.3.Final-plugin.tar.gz, sha512: ...}")
        : List.of();
    ArtifactReader reader = new ArtifactReader(problems, baseDir,
        "add path: <the plugin's .tar.gz>, e.g. the bundled "
            + "artifacts/debezium-connector-postgres-3.2.3.Final-plugin.tar.gz");
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Optional<YamlMap> item : items) {
      if (item.isEmpty()) {
        continue;
      }
      YamlMap plugin = item.get();
      Optional<String> name = plugin.required("name", ValueParsers.matching(PLUGIN_NAME,
          "a plugin name (letters, digits, '.', '_', '-')", "name the plugin, e.g. debezium-postgres"),
          "add name: <a stable name for the plugin, e.g. debezium-postgres>");
      if (name.isPresent() && !names.add(name.get())) {
        problems.error(plugin.field("name"), Printable.quote(name.get()) + " names another plugin too",
            "give every plugin its own name");
      }
      Optional<ArtifactSpec> artifact = reader.read(plugin);
      if (name.isPresent() && artifact.isPresent()) {
        String file = artifact.get().path().getFileName().toString();
        if (!file.endsWith(".tar.gz") && !file.endsWith(".tgz")) {
          problems.error(plugin.field("path"), file + " is not a .tar.gz or .tgz archive",
              "point at the plugin's .tar.gz (Maven Central serves Debezium's as classifier plugin, type tar.gz)");
        } else {
          plugins.add(new PluginSpec(name.get(), artifact.get()));
        }
      }
    }
    return plugins;
  }
}
