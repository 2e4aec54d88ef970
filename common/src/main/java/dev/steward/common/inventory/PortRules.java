package dev.steward.common.inventory;

import java.util.List;

/** The ports one host listens on must all differ: two services cannot bind the same port. */
final class PortRules {

  private PortRules() {
  }

  static void check(Inventory inventory, Problems problems) {
    List<HostSpec> hosts = inventory.hosts();
    for (int i = 0; i < hosts.size(); i++) {
      List<HostPort> ports = HostPorts.of(inventory, hosts.get(i));
      for (int later = 1; later < ports.size(); later++) {
        for (int earlier = 0; earlier < later; earlier++) {
          HostPort a = ports.get(earlier);
          HostPort b = ports.get(later);
          if (a.port() == b.port() && !problems.failed(a.setting()) && !problems.failed(b.setting())) {
            report(a, b, hosts.get(i), i, problems);
          }
        }
      }
    }
  }

  private static void report(HostPort earlier, HostPort later, HostSpec host, int index, Problems problems) {
    // a clash of two cluster-wide settings is the same on every host: say it once, without a host
    boolean hostSpecific = earlier.setting().startsWith("hosts[") || later.setting().startsWith("hosts[");
    String where = hostSpecific ? " on hosts[" + index + "] (" + host.name() + ")" : "";
    problems.error(later.setting(), later.port() + " is also " + earlier.setting() + where,
        "give every port a host listens on its own number");
  }
}
