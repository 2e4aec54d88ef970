package dev.steward.common.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the Kafka version and the pinned inter.broker.protocol.version of an inventory's
 * text, touching nothing else (comments, order and layout stay as the user wrote them). A
 * rolling upgrade records its progress this way, so that the inventory always says what runs
 * and a later `apply` can neither downgrade nor silently unpin the protocol.
 */
public final class InventoryEditor {

  private static final Pattern KAFKA_BLOCK = Pattern.compile("^kafka:\\s*(#.*)?$");
  private static final Pattern KAFKA_FLOW = Pattern.compile("^kafka:\\s*\\{(.*)}\\s*(#.*)?$");
  private static final Pattern TOP_LEVEL = Pattern.compile("^[^\\s#].*$");
  private static final Pattern KEY_LINE = Pattern.compile("^(\\s+)([A-Za-z]+):(.*)$");
  private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*[A-Za-z]+:\\s*)(\\S+)(.*)$");
  private static final String IBP = "interBrokerProtocolVersion";

  private InventoryEditor() {
  }

  /**
   * @param protocolPin the protocol version to pin, or empty to remove any pin
   * @return the edited text, or empty when the inventory's shape is one this editor does not
   *     rewrite safely (the caller then asks the user to edit it)
   */
  public static Optional<String> setKafkaVersion(String yaml, String version, Optional<String> protocolPin) {
    List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
    for (int i = 0; i < lines.size(); i++) {
      Matcher flow = KAFKA_FLOW.matcher(lines.get(i));
      if (flow.matches()) {
        return editFlow(lines, i, flow.group(1), version, protocolPin);
      }
      if (KAFKA_BLOCK.matcher(lines.get(i)).matches()) {
        return editBlock(lines, i, version, protocolPin);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> editBlock(List<String> lines, int header, String version, Optional<String> pin) {
    int end = header + 1;
    while (end < lines.size() && !TOP_LEVEL.matcher(lines.get(end)).matches()) {
      end++;
    }
    String indent = null;
    int versionLine = -1;
    int pinLine = -1;
    for (int i = header + 1; i < end; i++) {
      Matcher key = KEY_LINE.matcher(lines.get(i));
      if (!key.matches()) {
        continue;
      }
      if (indent == null) {
        indent = key.group(1);
      }
      if (!key.group(1).equals(indent)) {
        continue;
      }
      if (key.group(2).equals("version")) {
        versionLine = i;
      } else if (key.group(2).equals(IBP)) {
        pinLine = i;
      }
    }
    if (versionLine < 0) {
      return Optional.empty();
    }
    lines.set(versionLine, replaceValue(lines.get(versionLine), version));
    if (pin.isPresent()) {
      String pinText = indent + IBP + ": \"" + pin.get() + "\"";
      if (pinLine >= 0) {
        lines.set(pinLine, replaceValue(lines.get(pinLine), "\"" + pin.get() + "\""));
      } else {
        lines.add(versionLine + 1, pinText + "  # pinned by `steward rollout upgrade` until the protocol bump");
      }
    } else if (pinLine >= 0) {
      lines.remove(pinLine);
    }
    return Optional.of(String.join("\n", lines));
  }

  private static Optional<String> editFlow(List<String> lines, int at, String body, String version,
      Optional<String> pin) {
    List<String> entries = new ArrayList<>();
    boolean sawVersion = false;
    for (String entry : body.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.contains("{") || trimmed.contains("[")) {
        return Optional.empty();
      }
      if (trimmed.startsWith("version:")) {
        entries.add("version: " + version);
        sawVersion = true;
      } else if (!trimmed.startsWith(IBP + ":")) {
        entries.add(trimmed);
      }
    }
    if (!sawVersion) {
      return Optional.empty();
    }
    pin.ifPresent(p -> entries.add(IBP + ": \"" + p + "\""));
    lines.set(at, "kafka: {" + String.join(", ", entries) + "}");
    return Optional.of(String.join("\n", lines));
  }

  /** "  version: 3.8.1   # note" -> "  version: 3.9.1   # note": only the value changes. */
  private static String replaceValue(String line, String value) {
    Matcher m = KEY_VALUE.matcher(line);
    return m.matches() ? m.group(1) + value + m.group(3) : line;
  }
}
