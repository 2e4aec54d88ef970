package dev.steward.agent.resource.ufw;

import java.util.ArrayList;
import java.util.List;

/**
 * An incoming allow rule in the one shape Steward writes: a protocol, a single port, a source
 * (or anywhere), and the comment that tags it. Rules of any other shape are ufw's business and
 * Steward's only as "someone else's".
 *
 * @param from a normalized address or network, or "" for anywhere
 * @param comment ufw's comment, "" when there is none
 */
record UfwRule(String protocol, int port, String from, String comment) {

  static final String TAG_PREFIX = "steward:";

  static UfwRule tagged(String tag, String protocol, int port, String from) {
    return new UfwRule(protocol, port, from, TAG_PREFIX + tag);
  }

  /** What ufw itself identifies a rule by: adding the same spec with another comment replaces the comment. */
  String spec() {
    return protocol + " " + port + " from " + (from.isEmpty() ? "any" : from);
  }

  boolean isSteward() {
    return comment.startsWith(TAG_PREFIX);
  }

  String tag() {
    return isSteward() ? comment.substring(TAG_PREFIX.length()) : "";
  }

  /** The argv that adds it. "from any" (not 0.0.0.0/0) so an anywhere rule covers IPv6 too. */
  List<String> allowArgv() {
    List<String> argv = new ArrayList<>(List.of("ufw", "allow", "proto", protocol, "from", from.isEmpty() ? "any" : from,
        "to", "any", "port", Integer.toString(port)));
    if (!comment.isEmpty()) {
      argv.add("comment");
      argv.add(comment);
    }
    return argv;
  }

  /** For plans: "allow 9092/tcp from 10.77.0.12 (steward:kafka-h2)". */
  String describe() {
    return "allow " + port + "/" + protocol + " from " + (from.isEmpty() ? "anywhere" : from)
        + (comment.isEmpty() ? "" : " (" + comment + ")");
  }
}
