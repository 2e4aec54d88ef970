package dev.steward.common.inventory;

import dev.steward.common.render.FirewallSources;
import java.util.ArrayList;
import java.util.List;

/** Rules that depend on what kind of address each host has. */
final class NetworkRules {

  private NetworkRules() {
  }

  static void check(Inventory inventory, Problems problems) {
    List<HostSpec> hosts = inventory.hosts();
    if (!inventory.agent().tls()) {
      List<String> remote = new ArrayList<>();
      for (int i = 0; i < hosts.size(); i++) {
        if (!problems.failed(addressField(i)) && !Addresses.isLoopback(hosts.get(i).address())) {
          remote.add("hosts[" + i + "] (" + hosts.get(i).name() + ") is " + hosts.get(i).address());
        }
      }
      if (!remote.isEmpty()) {
        problems.error("agent.tls", "false is only allowed when every host is on a loopback address (127.0.0.0/8 "
                + "or ::1), but " + String.join(", ", remote),
            "remove tls: false: agents on other machines are only reached over mutual TLS");
      }
    }
    if (inventory.firewall().enabled()) {
      for (int i = 0; i < hosts.size(); i++) {
        String address = hosts.get(i).address();
        if (!problems.failed(addressField(i)) && !FirewallSources.isAddress(address)) {
          problems.error(addressField(i), Addresses.isIpLiteral(address)
                  ? address + " has an embedded IPv4 part, which firewall rules (firewall.enabled) cannot name"
                  : address + " is a name, but firewall rules (firewall.enabled) need IP addresses",
              "write the host's IP address (" + FirewallSources.RULE + "), or set firewall.enabled: false");
        }
      }
    }
  }

  private static String addressField(int index) {
    return "hosts[" + index + "].address";
  }
}
