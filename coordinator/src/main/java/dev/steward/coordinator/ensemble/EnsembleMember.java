package dev.steward.coordinator.ensemble;

import java.util.Optional;

/**
 * One voting member as ZooKeeper's dynamic configuration names it:
 * {@code server.<id>=<address>:<peerPort>:<electionPort>:participant;<clientPort>}.
 *
 * @param name the inventory's host name when known, else the address (a member read back from
 *     {@code /zookeeper/config} carries no name)
 * @param client the part after ';' (client address and port), or "" when the line has none
 */
public record EnsembleMember(int id, String name, String address, int peerPort, int electionPort, String client) {

  /** "server.4" */
  public String serverKey() {
    return "server." + id;
  }

  /**
   * The value reconfig's {@code joiningServers} and the dynamic file want. Always a participant:
   * Steward adds voters only (observers would not count towards the quorum the inventory asks for).
   */
  public String serverSpec() {
    String peer = address.contains(":") ? "[" + address + "]" : address;
    return peer + ":" + peerPort + ":" + electionPort + ":participant" + (client.isEmpty() ? "" : ";" + client);
  }

  /** "server.4=127.0.11.4:2888:3888:participant;2181" */
  public String configLine() {
    return serverKey() + "=" + serverSpec();
  }

  /** The same member under the inventory's name for it. */
  public EnsembleMember named(String hostName) {
    return new EnsembleMember(id, hostName, address, peerPort, electionPort, client);
  }

  /** The same member with another client address and port ("address:port"). */
  public EnsembleMember withClient(String clientSpec) {
    return new EnsembleMember(id, name, address, peerPort, electionPort, clientSpec);
  }

  /** "server.4 (h4, 127.0.11.4)", or "server.4 (127.0.11.4)" when the name is the address. */
  public String describe() {
    return serverKey() + " (" + (name.equals(address) ? address : name + ", " + address) + ")";
  }

  /**
   * Parses one {@code server.N=...} line of {@code /zookeeper/config}; empty for any other line
   * (such as {@code version=...}). An observer is returned too: the planner must see it to refuse
   * what it cannot handle rather than mistake it for a free id.
   */
  static Optional<ParsedLine> parse(String line) {
    String trimmed = line.trim();
    if (!trimmed.startsWith("server.")) {
      return Optional.empty();
    }
    int equals = trimmed.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException("not a server line: " + line);
    }
    int id = Integer.parseInt(trimmed.substring("server.".length(), equals).trim());
    String value = trimmed.substring(equals + 1).trim();
    String client = "";
    int semicolon = value.indexOf(';');
    if (semicolon >= 0) {
      client = value.substring(semicolon + 1).trim();
      value = value.substring(0, semicolon);
    }
    String address;
    String rest;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      address = value.substring(1, close);
      rest = value.substring(close + 2);
    } else {
      int colon = value.indexOf(':');
      address = value.substring(0, colon);
      rest = value.substring(colon + 1);
    }
    String[] parts = rest.split(":");
    if (parts.length < 2) {
      throw new IllegalArgumentException("a server line needs address:peerPort:electionPort: " + line);
    }
    boolean observer = parts.length > 2 && "observer".equals(parts[2]);
    return Optional.of(new ParsedLine(
        new EnsembleMember(id, address, address, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), client),
        observer));
  }

  record ParsedLine(EnsembleMember member, boolean observer) {
  }
}
