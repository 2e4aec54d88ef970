package dev.steward.coordinator.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What `steward benchmark fan-out` was asked for.
 *
 * @param hosts how many agents to start, on {@code addressPrefix}.1 to .N
 * @param runs how many times each command runs with every agent up
 * @param dead how many agents are killed (the last ones) before the final run
 */
public record FanOutOptions(int hosts, String addressPrefix, int runs, int dead) {

  /** Addresses end in .1 to .N of one /24, and .255 is its broadcast address. */
  public static final int MAX_HOSTS = 254;
  /** ZooKeeper runs on the first three hosts: the smallest ensemble the inventory accepts. */
  public static final int MIN_HOSTS = 3;
  public static final int MAX_RUNS = 100;

  private static final Pattern LOOPBACK_PREFIX = Pattern.compile("127\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

  /** One line per bad option, each naming the option and the fix; empty when all are good. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (hosts < MIN_HOSTS || hosts > MAX_HOSTS) {
      problems.add("--hosts: " + hosts + " is out of range; give " + MIN_HOSTS + " to " + MAX_HOSTS
          + " (ZooKeeper runs on the first three, and the addresses are PREFIX.1 to PREFIX.N)");
    }
    Matcher prefix = LOOPBACK_PREFIX.matcher(addressPrefix);
    if (!prefix.matches() || Integer.parseInt(prefix.group(1)) > 255 || Integer.parseInt(prefix.group(2)) > 255) {
      problems.add("--address-prefix: " + addressPrefix + " is not the first three parts of a loopback address; give "
          + "one such as 127.0.150 (the agents serve plaintext, which only loopback addresses allow)");
    }
    if (runs < 1 || runs > MAX_RUNS) {
      problems.add("--runs: " + runs + " is out of range; give 1 to " + MAX_RUNS);
    }
    if (dead < 0 || dead >= hosts) {
      problems.add("--dead: " + dead + " is out of range; give 0 to " + Math.max(0, hosts - 1)
          + " (at least one agent must stay up)");
    }
    return problems;
  }

  public String address(int host) {
    return addressPrefix + "." + host;
  }
}
