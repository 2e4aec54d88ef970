package dev.steward.coordinator.adopt;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A properties file as the service reads it (java.util.Properties: escapes, continuation lines,
 * ':' separators, the last of a repeated key), with the keys in the order they first appear, so an
 * adopted inventory lists a host's settings in its own order. Pure.
 */
final class PropertiesFile {

  private PropertiesFile() {
  }

  static Map<String, String> parse(String text) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      // a malformed \\uXXXX escape: Kafka would refuse to start on it too
      throw new IllegalArgumentException("not a readable properties file: " + e.getMessage(), e);
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String key : keysInFileOrder(text)) {
      if (properties.containsKey(key)) {
        ordered.put(key, properties.getProperty(key).strip());
      }
    }
    List<String> rest = new ArrayList<>(properties.stringPropertyNames());
    Collections.sort(rest);
    for (String key : rest) {
      ordered.putIfAbsent(key, properties.getProperty(key).strip());
    }
    return ordered;
  }

  /** Plain keys at the start of lines; what this misses (escaped keys) is appended in sorted order. */
  private static List<String> keysInFileOrder(String text) {
    List<String> keys = new ArrayList<>();
    for (String line : text.split("\r?\n|\r")) {
      String stripped = line.stripLeading();
      if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith("!")) {
        continue;
      }
      int end = 0;
      while (end < stripped.length() && "=: \t\f".indexOf(stripped.charAt(end)) < 0
          && stripped.charAt(end) != '\\') {
        end++;
      }
      if (end > 0) {
        keys.add(stripped.substring(0, end));
      }
    }
    return keys;
  }
}
