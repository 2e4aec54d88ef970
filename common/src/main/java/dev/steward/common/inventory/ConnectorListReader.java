package dev.steward.common.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code secrets} and {@code connectors}. */
final class ConnectorListReader {

  static final List<String> CONNECTOR_KEYS = List.of("name", "connect", "class", "tasksMax", "state", "config");
  static final List<String> SECRET_KEYS = List.of("env", "file");
  static final List<String> STATES = List.of("running", "paused", "stopped");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,248}");
  private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private final Problems problems;
  private final java.nio.file.Path baseDir;

  ConnectorListReader(Problems problems, java.nio.file.Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
  }

  List<ConnectorSpec> connectors(YamlMap top, String defaultCluster) {
    List<ConnectorSpec> connectors = new ArrayList<>();
    if (!top.contains("connectors")) {
      return connectors;
    }
    for (Optional<YamlMap> item : top.requiredMappingList("connectors", CONNECTOR_KEYS,
        "list connectors, e.g. - {name: file-source, class: org.apache.kafka.connect.file.FileStreamSourceConnector, "
            + "config: {file: /tmp/in.txt, topic: lines}}")) {
      item.ifPresent(connector -> connectors.add(connector(connector, defaultCluster)));
    }
    return connectors;
  }

  private ConnectorSpec connector(YamlMap connector, String defaultCluster) {
    String name = connector.required("name", ValueParsers.matching(NAME, "a connector name (letters, digits, '.', "
        + "'_', '-')", "name the connector, e.g. postgres-debezium-connector"), "add name: <the connector's name>")
        .orElse("");
    String className = connector.required("class", ValueParsers.matching(CLASS_NAME, "a Java class name",
        "write the connector's class, e.g. io.debezium.connector.postgresql.PostgresConnector"),
        "add class: <the connector class>").orElse("");
    return new ConnectorSpec(name,
        connector.get("connect", ValueParsers.matching(NAME, "a Connect group id", "write connect.groupId's value"),
            defaultCluster),
        className,
        connector.get("tasksMax", ValueParsers.integer(1, 1000, "use a number of tasks from 1 to 1000"), 1),
        connector.properties("config", PropertyRules::propertyKeyProblem, PropertyRules.KEY_FIX, connectorValue()),
        connector.get("state", ValueParsers.string("running, paused or stopped", "write running, paused or stopped",
            STATES::contains), "running"));
  }

  /** Connector values travel as JSON, not as a properties line: only control characters are refused. */
  private static ValueParser<String> connectorValue() {
    return node -> {
      String text = ValueParsers.scalarText(node);
      for (int i = 0; i < text.length(); i++) {
        if (Character.isISOControl(text.charAt(i))) {
          throw new InvalidValue("the value contains the control character " + Printable.codePoint(text.charAt(i)),
              "write the value on one line, without control characters");
        }
      }
      return text;
    };
  }

  Map<String, SecretSpec> secrets(YamlMap top) {
    Map<String, SecretSpec> secrets = new java.util.LinkedHashMap<>();
    YamlMap section = top.namedSection("secrets");
    for (String name : section.keys()) {
      String field = section.field(name);
      if (!NAME.matcher(name).matches()) {
        problems.invalid(field, Printable.quote(name) + " is not a secret name", "use letters, digits, '.', '_', '-'");
        continue;
      }
      YamlMap secret = section.section(name, SECRET_KEYS);
      Optional<String> env = secret.optional("env", ValueParsers.matching(ENV_NAME, "an environment variable name",
          "write a variable name like CDC_DB_PASSWORD"));
      Optional<java.nio.file.Path> file = secret.optional("file", ValueParsers.checked("a file path",
          PathRules.FIX + "; or start it with ~/ for the coordinator user's home",
          PathRules::homeOrAbsolutePathProblem))
          .map(this::resolve);
      if (env.isPresent() == file.isPresent() && !problems.failedWithin(field)) {
        problems.invalid(field, env.isPresent() ? "names both env and file" : "names neither env nor file",
            "give exactly one source: {env: VARIABLE} or {file: /path/on/the/coordinator}");
        continue;
      }
      secrets.put(name, new SecretSpec(name, env, file));
    }
    return secrets;
  }

  private java.nio.file.Path resolve(String text) {
    if (text.startsWith("~/")) {
      return java.nio.file.Path.of(System.getProperty("user.home")).resolve(text.substring(2));
    }
    return baseDir == null ? java.nio.file.Path.of(text) : baseDir.resolve(text);
  }
}
