package dev.steward.common.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Parses the inventory's YAML text into a tree, or reports why it cannot: too large, a syntax
 * error (with its line and column), a key given twice, or YAML features whose meaning the tree
 * would silently lose.
 */
final class YamlDocument {

  /** An inventory describes a handful of hosts; anything this large is not one. */
  static final int MAX_BYTES = 1024 * 1024;

  private static final YAMLFactory FACTORY = YAMLFactory.builder()
      // a key given twice would otherwise silently take the last value
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  // floats as exact decimals: "3.10" must stay 3.10, not become the double 3.1
  private static final ObjectMapper MAPPER = YAMLMapper.builder(FACTORY)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private YamlDocument() {
  }

  /** The document's root node, or empty when a problem was reported. */
  static Optional<JsonNode> read(String text, Problems problems) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      problems.error("(file)", "is " + bytes + " bytes, more than the " + MAX_BYTES + " an inventory may have",
          "check that this is the inventory file; one cluster's inventory is a few kilobytes");
      return Optional.empty();
    }
    String yaml = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try {
      if (!acceptedFeatures(yaml, problems)) {
        return Optional.empty();
      }
      JsonNode root;
      try (JsonParser parser = FACTORY.createParser(yaml)) {
        root = MAPPER.readTree(parser);
      }
      if (root == null || root.isMissingNode() || root.isNull()) {
        problems.error("(file)", "is empty", "start from docs/examples/guide-3-nodes.yaml");
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (JsonProcessingException e) {
      problems.error(location(e.getLocation()), describe(e), "correct the YAML syntax there");
    } catch (IOException | RuntimeException e) {
      // the YAML library may fail in ways of its own on malformed input; it is still the file's fault
      problems.error("(file)", "is not valid YAML: " + firstLine(String.valueOf(e.getMessage())),
          "correct the YAML syntax");
    }
    return Optional.empty();
  }

  /**
   * Refuses aliases (the tree would hold the alias's name instead of the value it refers
   * to), explicit tags (which it would drop) and further documents (which it would ignore).
   */
  private static boolean acceptedFeatures(String yaml, Problems problems) throws IOException {
    try (YAMLParser parser = FACTORY.createParser(yaml)) {
      int depth = 0;
      boolean rootDone = false;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        String at = location(parser.currentTokenLocation());
        if (rootDone) {
          problems.error(at, "a second YAML document starts here", "keep one cluster's inventory per file");
          return false;
        }
        if (parser.isCurrentAlias()) {
          problems.error(at, "YAML aliases (*name) are not supported", "write the value out in full");
          return false;
        }
        if (parser.getTypeId() != null) {
          problems.error(at, "YAML tags (!" + parser.getTypeId() + ") are not supported",
              "remove the tag; quote the value if it must be a string");
          return false;
        }
        depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
        rootDone = depth == 0;
      }
    }
    return true;
  }

  private static String location(JsonLocation location) {
    return location == null ? "(file)" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** The parser's message without its source excerpt: the lines that say what is wrong. */
  private static String describe(JsonProcessingException e) {
    String original = String.valueOf(e.getOriginalMessage());
    if (original.startsWith("Duplicate field ")) {
      String key = original.substring("Duplicate field ".length()).replaceAll("^'(.*)'$", "$1");
      return "the key " + Printable.quote(key) + " appears twice in the same mapping";
    }
    String said = Arrays.stream(original.split("\n"))
        .filter(line -> !line.isBlank() && !line.startsWith(" ") && !line.startsWith("\t"))
        .map(String::strip)
        .collect(Collectors.joining("; "));
    return "is not valid YAML: " + (said.isEmpty() ? "syntax error" : said);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
