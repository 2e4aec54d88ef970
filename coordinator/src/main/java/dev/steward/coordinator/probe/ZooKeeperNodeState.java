package dev.steward.coordinator.probe;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What one ZooKeeper node said about itself (srvr, and mntr on the leader).
 *
 * @param mode "leader", "follower", "standalone", "observer", or "" when it did not answer
 * @param monitorRefused the node refused mntr: its 4lw.commands.whitelist leaves it out (ZooKeeper's
 *     default, srvr only, as on a cluster built by hand before Steward's first roll)
 */
public record ZooKeeperNodeState(
    String host,
    int id,
    boolean reachable,
    String mode,
    Map<String, String> monitor,
    String error,
    boolean monitorRefused) {

  public ZooKeeperNodeState {
    monitor = Map.copyOf(monitor);
  }

  public ZooKeeperNodeState(String host, int id, boolean reachable, String mode, Map<String, String> monitor,
      String error) {
    this(host, id, reachable, mode, monitor, error, false);
  }

  public static ZooKeeperNodeState unreachable(String host, int id, String error) {
    return new ZooKeeperNodeState(host, id, false, "", Map.of(), error);
  }

  public boolean isLeader() {
    return "leader".equals(mode);
  }

  /** Serving clients as part of a quorum (or alone, for a single-node ensemble). */
  public boolean serving() {
    return reachable && ("leader".equals(mode) || "follower".equals(mode) || "standalone".equals(mode)
        || "observer".equals(mode));
  }

  public OptionalLong monitorValue(String key) {
    String value = monitor.get(key);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
