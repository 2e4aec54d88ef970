package dev.steward.agent.resource.ufw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads ufw 0.36's outputs. Pure. {@code ufw show added} is the rule source: unlike
 * {@code ufw status}, it lists the rules whether or not ufw is active, one per rule (not one
 * per IP family), in ufw's own command syntax, so every line can be handed back to
 * {@code ufw delete} to remove exactly that rule.
 */
final class UfwOutput {

  /** One rule as listed. */
  record Listed(String line, List<String> words, Optional<UfwRule> rule, String comment) {

    boolean isSteward() {
      return comment.startsWith(UfwRule.TAG_PREFIX);
    }

    /** ufw delete accepts the listed rule as it is (comment included). */
    List<String> deleteArgv() {
      List<String> argv = new ArrayList<>(List.of("ufw", "delete"));
      argv.addAll(words.subList(1, words.size()));
      return argv;
    }
  }

  private static final Pattern PORT = Pattern.compile("\\d{1,5}");
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,5})(?:/(tcp|udp))?");

  private UfwOutput() {
  }

  /** {@code ufw status}: "Status: active" or "Status: inactive" first. */
  static boolean isActive(String statusOutput) {
    for (String line : statusOutput.split("\n")) {
      if (line.startsWith("Status:")) {
        return line.substring("Status:".length()).strip().equals("active");
      }
    }
    throw new IllegalArgumentException("no 'Status:' line in ufw's output: " + statusOutput.strip());
  }

  static List<Listed> parseShowAdded(String output) {
    List<Listed> listed = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!line.startsWith("ufw ")) {
        continue; // the heading, "(None)"
      }
      List<String> words = words(line);
      String comment = commentOf(words);
      listed.add(new Listed(line, words, modelled(words, comment), comment));
    }
    return listed;
  }

  private static String commentOf(List<String> words) {
    int at = words.indexOf("comment");
    return at >= 0 && at + 1 < words.size() ? words.get(at + 1) : "";
  }

  /**
   * The rule, when it has Steward's shape: "ufw allow P/proto ..." or
   * "ufw allow from A to any port P proto X ...". Anything else (deny, an interface, an app
   * profile, a port range, a destination address) is empty.
   */
  static Optional<UfwRule> modelled(List<String> words, String comment) {
    if (words.size() < 3 || !words.get(0).equals("ufw") || !words.get(1).equals("allow")) {
      return Optional.empty();
    }
    List<String> rest = new ArrayList<>(words.subList(2, words.size()));
    int commentAt = rest.indexOf("comment");
    if (commentAt >= 0) {
      rest = rest.subList(0, commentAt);
    }
    if (rest.size() == 1) {
      var simple = SIMPLE.matcher(rest.get(0));
      if (!simple.matches() || simple.group(2) == null) {
        return Optional.empty(); // a name (app profile) or both protocols
      }
      return Optional.of(new UfwRule(simple.group(2), Integer.parseInt(simple.group(1)), "", comment));
    }
    if (rest.size() % 2 != 0) {
      return Optional.empty();
    }
    Map<String, String> pairs = new HashMap<>();
    for (int i = 0; i < rest.size(); i += 2) {
      if (pairs.put(rest.get(i), rest.get(i + 1)) != null) {
        return Optional.empty();
      }
    }
    if (!pairs.keySet().equals(java.util.Set.of("from", "to", "port", "proto")) || !pairs.get("to").equals("any")
        || !PORT.matcher(pairs.get("port")).matches()
        || !(pairs.get("proto").equals("tcp") || pairs.get("proto").equals("udp"))) {
      return Optional.empty();
    }
    String from = pairs.get("from").equals("any") ? "" : pairs.get("from");
    return Optional.of(new UfwRule(pairs.get("proto"), Integer.parseInt(pairs.get("port")), from, comment));
  }

  /** Splits like a shell would, for the quoting ufw prints ('...' around a comment). */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
