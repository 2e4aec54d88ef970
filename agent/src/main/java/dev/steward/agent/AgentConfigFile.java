package dev.steward.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * {@code /etc/steward/agent.yaml}: the agent's options as a file, one key per command-line
 * option (camelCase). Every key is optional; an unknown key is an error naming it, so a typo
 * never silently leaves a default in place. Options given on the command line win.
 */
final class AgentConfigFile {

  static final Path DEFAULT = Path.of("/etc/steward/agent.yaml");

  /** The option names a file may set, in the order --help lists the options. */
  static final List<String> KEYS = List.of("listen", "root", "stateDir", "backend", "insecure", "pidFile", "javaHome",
      "maxArtifactBytes", "enrollTokenFile");

  /** What a file set; null where it said nothing. */
  record Values(String listen, Path root, Path stateDir, String backend, Boolean insecure, Path pidFile,
                Path javaHome, Long maxArtifactBytes, Path enrollTokenFile) {

    static final Values NONE = new Values(null, null, null, null, null, null, null, null, null);
  }

  /** A file that cannot be used; the message names the file and the key. */
  static final class ConfigFileException extends Exception {

    private static final long serialVersionUID = 1L;

    ConfigFileException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private AgentConfigFile() {
  }

  static Values load(Path file) throws ConfigFileException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigFileException(file + ": cannot read it (" + e.getMessage() + ")");
    }
    return parse(file.toString(), text);
  }

  static Values parse(String name, String text) throws ConfigFileException {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigFileException(name + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return Values.NONE; // empty, or comments only (the packaged file)
    }
    if (!root.isObject()) {
      throw new ConfigFileException(name + ": must be a map of option: value");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new ConfigFileException(name + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS) + ")");
      }
    }
    return new Values(
        string(name, root, "listen"),
        path(name, root, "root"),
        path(name, root, "stateDir"),
        string(name, root, "backend"),
        bool(name, root, "insecure"),
        path(name, root, "pidFile"),
        path(name, root, "javaHome"),
        number(name, root, "maxArtifactBytes"),
        path(name, root, "enrollTokenFile"));
  }

  private static String string(String name, JsonNode root, String key) throws ConfigFileException {
    JsonNode value = root.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new ConfigFileException(name + ": " + key + " must be a non-empty string");
    }
    return value.asText();
  }

  private static Path path(String name, JsonNode root, String key) throws ConfigFileException {
    String value = string(name, root, key);
    if (value != null && !value.startsWith("/")) {
      throw new ConfigFileException(name + ": " + key + " must be an absolute path, not '" + value + "'");
    }
    return value == null ? null : Path.of(value);
  }

  private static Boolean bool(String name, JsonNode root, String key) throws ConfigFileException {
    JsonNode value = root.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new ConfigFileException(name + ": " + key + " must be true or false");
    }
    return value.asBoolean();
  }

  private static Long number(String name, JsonNode root, String key) throws ConfigFileException {
    JsonNode value = root.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new ConfigFileException(name + ": " + key + " must be a whole number");
    }
    return value.asLong();
  }
}
