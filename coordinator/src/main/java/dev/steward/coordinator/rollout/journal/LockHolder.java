package dev.steward.coordinator.rollout.journal;

import dev.steward.coordinator.StateDirectory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;

/**
 * Who holds (or last held) a cluster's rollout lock: enough for an operator on another machine
 * to find that coordinator, judge whether it is still at work, and decide to take over.
 *
 * @param stateDirectory the holder's $STEWARD_STATE_DIR, which tells two coordinators on one
 *     machine apart
 * @param since when the lock was taken (epoch millis)
 * @param version the Steward release the holder runs ("dev" when run from classes)
 */
public record LockHolder(String host, long pid, String stateDirectory, long since, String version) {

  /** This process, taking the lock now. */
  public static LockHolder thisProcess(Clock clock) {
    String version = LockHolder.class.getPackage().getImplementationVersion();
    return new LockHolder(hostName(), ProcessHandle.current().pid(),
        StateDirectory.root().toAbsolutePath().toString(), clock.millis(), version == null ? "dev" : version);
  }

  /** "cpu-node1 (pid 4242) since 2026-01-31T10:15:30Z": how every message names a holder. */
  public String describe() {
    return host + " (pid " + pid + ") since " + Instant.ofEpochMilli(since);
  }

  /** True when this holder is a process on this machine that no longer runs. */
  public boolean isDeadProcessOnThisHost() {
    return host.equals(hostName()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String fromEnvironment = System.getenv("HOSTNAME");
      return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown-host" : fromEnvironment;
    }
  }
}
