package dev.steward.agent.preflight;

import dev.steward.agent.v1.CheckOutcome;
import dev.steward.agent.v1.PreflightCheck;
import dev.steward.agent.v1.PreflightThresholds;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.Addresses;
import dev.steward.common.service.ServiceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The preflight decisions, from observations to checks. Pure. Every FAIL says what to do;
 * WARN marks what works but is probably not what the inventory meant.
 */
public final class PreflightRules {

  private PreflightRules() {
  }

  public static List<PreflightCheck> evaluate(PreflightThresholds thresholds, PreflightObservations observed) {
    List<PreflightCheck> checks = new ArrayList<>();
    checks.add(memory(thresholds.getMinMemoryBytes(), observed.totalMemoryBytes()));
    for (PreflightObservations.Disk disk : observed.disks()) {
      checks.add(disk(thresholds.getMinFreeDiskBytes(), disk));
    }
    checks.add(java(thresholds.getMinJavaFeatureVersion(), observed.java()));
    for (PreflightObservations.Port port : observed.ports()) {
      checks.add(port(port));
    }
    for (PreflightObservations.Peer peer : observed.peers()) {
      checks.add(peer(peer));
    }
    return checks;
  }

  static PreflightCheck memory(long required, long total) {
    PreflightCheck.Builder check = check("memory", bytes(total), required > 0 ? ">= " + bytes(required) : "(no minimum)");
    if (total >= required) {
      return check.setOutcome(CheckOutcome.CHECK_OUTCOME_PASS).build();
    }
    return check.setOutcome(CheckOutcome.CHECK_OUTCOME_FAIL)
        .setMessage("this host has " + bytes(total) + " of memory, " + bytes(required) + " are required: add memory, "
            + "or lower preflight.minMemory in the inventory (and the heaps with it)")
        .build();
  }

  static PreflightCheck disk(long required, PreflightObservations.Disk disk) {
    PreflightCheck.Builder check = check("disk:" + disk.path(),
        disk.error().isEmpty() ? bytes(disk.usableBytes()) + " usable on " + disk.mountPoint() : "unknown",
        required > 0 ? ">= " + bytes(required) + " usable" : "(no minimum)");
    if (!disk.error().isEmpty()) {
      return check.setOutcome(CheckOutcome.CHECK_OUTCOME_FAIL)
          .setMessage("cannot measure the space for " + disk.path() + ": " + disk.error())
          .build();
    }
    if (disk.usableBytes() >= required) {
      return check.setOutcome(CheckOutcome.CHECK_OUTCOME_PASS).build();
    }
    return check.setOutcome(CheckOutcome.CHECK_OUTCOME_FAIL)
        .setMessage(disk.path() + " would live on " + disk.mountPoint() + " with " + bytes(disk.usableBytes())
            + " usable, " + bytes(required) + " are required: free space there, mount a larger disk, or point the "
            + "data directories elsewhere")
        .build();
  }

  static PreflightCheck java(int required, PreflightObservations.Java java) {
    PreflightCheck.Builder check = check("java", java.present() ? java.version() + " (" + java.javaHome() + ")" : "none",
        required > 0 ? ">= " + required : "(any)");
    if (!java.present()) {
      return check.setOutcome(CheckOutcome.CHECK_OUTCOME_FAIL)
          .setMessage("no runnable java under " + java.javaHome() + ": install a JRE (e.g. openjdk-17-jre-headless)")
          .build();
    }
    if (java.feature() >= required) {
      return check.setOutcome(CheckOutcome.CHECK_OUTCOME_PASS).build();
    }
    return check.setOutcome(CheckOutcome.CHECK_OUTCOME_FAIL)
        .setMessage("Java " + java.version() + " is older than " + required
            + ": install a newer JRE (e.g. openjdk-17-jre-headless) and run the agent on it")
        .build();
  }

  static PreflightCheck port(PreflightObservations.Port port) {
    String where = (port.address().isEmpty() ? "*" : port.address()) + ":" + port.port();
    boolean hasOwner = port.owner() != ServiceName.SERVICE_NAME_UNSPECIFIED && ServiceNames.isManaged(port.owner());
    String owner = hasOwner ? ServiceNames.shortName(port.owner()) : "";
    PreflightCheck.Builder check = check("port:" + port.port(), "", hasOwner ? "free or held by " + owner : "free");
    return switch (port.binding()) {
      case FREE -> check.setObserved("free (" + where + ")").setOutcome(CheckOutcome.CHECK_OUTCOME_PASS).build();
      case IN_USE -> hasOwner && port.ownerActive()
          ? check.setObserved("held by " + owner + " (" + where + ")").setOutcome(CheckOutcome.CHECK_OUTCOME_PASS).build()
          : check.setObserved("in use (" + where + ")").setOutcome(CheckOutcome.CHECK_OUTCOME_FAIL)
              .setMessage(where + " is in use by another process" + (hasOwner ? " (" + owner + " is not running here)" : "")
                  + ": find it with `ss -ltnp 'sport = :" + port.port() + "'` and stop it, or choose another port "
                  + "in the inventory")
              .build();
      case ADDRESS_NOT_LOCAL -> check.setObserved("address not on this host (" + where + ")")
          .setOutcome(CheckOutcome.CHECK_OUTCOME_FAIL)
          .setMessage(port.address() + " is not an address of this host: fix the host's address in the inventory, "
              + "or configure the interface")
          .build();
      case ERROR -> check.setObserved("cannot bind (" + where + ")").setOutcome(CheckOutcome.CHECK_OUTCOME_FAIL)
          .setMessage("binding " + where + " failed: " + port.error())
          .build();
    };
  }

  /**
   * Peers are reached by their inventory address, on a port the cluster uses between the two
   * hosts, so only an unanswered connection fails the check: a refused one proves the path (the
   * peer's kernel answered; its service may simply not run yet, as before the first apply). A
   * host name that does not resolve (or resolves elsewhere) is a warning: Steward's configs use
   * addresses, but people and reverse DNS lookups use names, and JVMs can stall on the latter.
   * Not for a peer on a loopback address: hosts emulated on one machine (the sandbox) have
   * names that are only labels, and no reverse lookup of 127.x can stall.
   */
  static PreflightCheck peer(PreflightObservations.Peer peer) {
    String target = peer.address() + ":" + peer.port();
    PreflightCheck.Builder check = check("peer:" + peer.name() + ":" + peer.port(), "",
        target + " reachable (accepts or refuses connections)");
    String resolution = peer.resolvedAddresses().isEmpty() ? peer.name() + " does not resolve"
        : peer.name() + " resolves to " + String.join(",", peer.resolvedAddresses());
    if (peer.reach() == PreflightObservations.Reach.UNREACHABLE) {
      return check.setObserved("connect failed: " + peer.connectError())
          .setOutcome(CheckOutcome.CHECK_OUTCOME_FAIL)
          .setMessage("no answer from " + target + ": check that the peer is up and that no firewall between the "
              + "hosts blocks port " + peer.port() + " (the cluster needs it)")
          .build();
    }
    String reachable = peer.reach() == PreflightObservations.Reach.REFUSED
        ? "reachable (refused: nothing listens there yet); " : "reachable; ";
    if (Addresses.isLoopback(peer.address())) {
      return check.setObserved(reachable + "on a loopback address: its name is a label").setOutcome(
          CheckOutcome.CHECK_OUTCOME_PASS).build();
    }
    if (peer.resolvedAddresses().isEmpty() && !peer.name().equalsIgnoreCase(peer.address())) {
      return check.setObserved(reachable + resolution + " (" + peer.resolveError() + ")")
          .setOutcome(CheckOutcome.CHECK_OUTCOME_WARN)
          .setMessage("add \"" + peer.address() + " " + peer.name() + "\" to /etc/hosts or to DNS: the cluster "
              + "itself uses addresses, but logs and tools show names, and JVMs can stall on reverse lookups")
          .build();
    }
    if (!peer.address().isEmpty() && !peer.resolvedAddresses().contains(peer.address())
        && !peer.name().equalsIgnoreCase(peer.address())) {
      return check.setObserved(reachable + resolution)
          .setOutcome(CheckOutcome.CHECK_OUTCOME_WARN)
          .setMessage(resolution + " here, but the inventory says " + peer.address()
              + ": fix /etc/hosts or DNS so that both agree")
          .build();
    }
    return check.setObserved(reachable + resolution).setOutcome(CheckOutcome.CHECK_OUTCOME_PASS).build();
  }

  private static PreflightCheck.Builder check(String name, String observed, String required) {
    return PreflightCheck.newBuilder().setName(name).setObserved(observed).setRequired(required);
  }

  /** "4.0 GiB" */
  static String bytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
