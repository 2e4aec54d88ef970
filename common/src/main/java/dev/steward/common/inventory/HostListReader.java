package dev.steward.common.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads {@code hosts}. The result has one host per list item, so that the cross-host rules
 * can name {@code hosts[i]} exactly as in the file, even when an item is broken.
 */
final class HostListReader {

  static final List<String> KEYS = List.of("name", "address", "zookeeperId", "brokerId", "agentPort", "rack");

  /**
   * Stands in for an id that is present but invalid: the host still counts as a ZooKeeper node
   * or broker (so ensemble and replication rules see the intended cluster), while the id
   * itself, already reported, takes part in no other rule.
   */
  static final int INVALID_ID = -1;

  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
  private static final Pattern RACK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String HOSTS_FIX = "list the machines, e.g. "
      + "- {name: cpu-node1, address: 192.168.1.184, zookeeperId: 1, brokerId: 1}";

  private HostListReader() {
  }

  static List<HostSpec> read(YamlMap top, int defaultAgentPort) {
    List<HostSpec> hosts = new ArrayList<>();
    for (Optional<YamlMap> item : top.requiredMappingList("hosts", KEYS, HOSTS_FIX)) {
      hosts.add(item.map(h -> host(h, defaultAgentPort))
          .orElse(new HostSpec("", "", OptionalInt.empty(), OptionalInt.empty(), defaultAgentPort)));
    }
    return hosts;
  }

  private static HostSpec host(YamlMap host, int defaultAgentPort) {
    return new HostSpec(
        host.required("name", ValueParsers.matching(HOST_NAME, "a host name (letters, digits, '.' and '-')",
            "write the machine's host name, e.g. cpu-node1"), "add name: <the machine's host name>").orElse(""),
        host.required("address", ValueParsers.hostAddress(), "add address: <IP address or DNS name>").orElse(""),
        id(host, "zookeeperId", 1, 255, "give every ZooKeeper node a unique id from 1 to 255 (its myid)"),
        id(host, "brokerId", 0, Integer.MAX_VALUE, "give every broker a unique id from 0 to 2147483647"),
        host.get("agentPort", ValueParsers.port(), defaultAgentPort),
        host.optional("rack", ValueParsers.matching(RACK, "a rack name (letters, digits, '.', '_' and '-', at most 64)",
            "write a rack name like rack-a or eu-west-1a")));
  }

  private static OptionalInt id(YamlMap host, String key, int min, int max, String fix) {
    if (!host.contains(key)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(host.optional(key, ValueParsers.integer(min, max, fix)).orElse(INVALID_ID));
  }
}
