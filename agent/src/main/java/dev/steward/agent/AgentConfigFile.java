package dev.steward.agent;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code /etc/steward/agent.yaml}: the agent's options as a file, one key per command-line
 * option (camelCase). Every key is optional; an unknown key is an error naming it, so a typo
 * never silently leaves a default in place. Options given on the command line win. The file is
 * read by {@link FlatYaml}: one {@code name: value} per line.
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
    Map<String, Object> root;
    try {
      root = FlatYaml.read(text);
    } catch (FlatYaml.SyntaxException e) {
      throw new ConfigFileException(name + ": " + e.getMessage());
    } catch (FlatYaml.NotAMapException e) {
      throw new ConfigFileException(name + ": must be a map of option: value");
    }
    if (root == null) {
      return Values.NONE; // empty, or comments only (the packaged file)
    }
    for (String key : root.keySet()) {
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

  private static String string(String name, Map<String, Object> root, String key) throws ConfigFileException {
    Object value = root.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ConfigFileException(name + ": " + key + " must be a non-empty string");
    }
    return text;
  }

  private static Path path(String name, Map<String, Object> root, String key) throws ConfigFileException {
    String value = string(name, root, key);
    if (value != null && !value.startsWith("/")) {
      throw new ConfigFileException(name + ": " + key + " must be an absolute path, not '" + value + "'");
    }
    return value == null ? null : Path.of(value);
  }

  private static Boolean bool(String name, Map<String, Object> root, String key) throws ConfigFileException {
    Object value = root.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean bool)) {
      throw new ConfigFileException(name + ": " + key + " must be true or false");
    }
    return bool;
  }

  private static Long number(String name, Map<String, Object> root, String key) throws ConfigFileException {
    Object value = root.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    if (!(value instanceof Long number)) {
      throw new ConfigFileException(name + ": " + key + " must be a whole number");
    }
    return number;
  }
}
