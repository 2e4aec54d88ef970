package dev.steward.common.zookeeper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads ZooKeeper's four-letter-word answers, for the agent's probes and the coordinator's
 * ensemble changes alike. Pure. {@code srvr} and {@code stat} answer
 * "Key: value" lines, {@code mntr} tab-separated "key\tvalue" lines, {@code ruok} "imok".
 */
public final class FourLetterWordParser {

  private FourLetterWordParser() {
  }

  /** What an answer says. */
  public record Parsed(Map<String, String> values, String mode, String error) {
  }

  /** ZooKeeper's answer to a four-letter word that 4lw.commands.whitelist leaves out. */
  public static boolean refusedByWhitelist(String raw) {
    return raw.strip().endsWith("is not executed because it is not in the whitelist.");
  }

  public static Parsed parse(String command, String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    String trimmed = raw.strip();
    if (refusedByWhitelist(raw)) {
      return new Parsed(values, "", command + " is not enabled on this ZooKeeper: add it to 4lw.commands.whitelist "
          + "in zookeeper.properties (Steward renders srvr,mntr,ruok,stat) and restart the node");
    }
    if (trimmed.startsWith("This ZooKeeper instance is not currently serving requests")) {
      return new Parsed(values, "", "ZooKeeper is running but not serving requests (no quorum yet?)");
    }
    if (command.equals("ruok")) {
      values.put("ruok", trimmed);
      return new Parsed(values, "", trimmed.equals("imok") ? "" : "unexpected answer to ruok: " + trimmed);
    }
    for (String line : raw.split("\n")) {
      int tab = line.indexOf('\t');
      int colon = line.indexOf(": ");
      if (tab > 0) {
        values.put(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
      } else if (colon > 0 && !line.startsWith(" ")) {
        values.put(line.substring(0, colon).strip(), line.substring(colon + 2).strip());
      }
    }
    return new Parsed(values, mode(values), "");
  }

  /** "leader", "follower", "standalone" (also "observer"), or "" when the answer does not say. */
  static String mode(Map<String, String> values) {
    String mode = values.getOrDefault("Mode", values.getOrDefault("zk_server_state", ""));
    return mode.strip().toLowerCase(java.util.Locale.ROOT);
  }
}
