package dev.steward.common.render;

import dev.steward.common.inventory.Addresses;

/**
 * What a firewall rule may allow traffic from: an IP address or a CIDR network, never a name
 * (ufw does not resolve names, and validating must make no DNS query). An IPv6 address with an
 * embedded IPv4 part ({@code ::ffff:10.0.0.1}) is refused: it has spellings in both families,
 * so the agent could not match the rule it wrote to the form ufw lists it in.
 */
public final class FirewallSources {

  public static final String RULE = "an IP address or CIDR network, IPv6 written in hex groups only";
  public static final String EXAMPLES = "192.168.1.10, 192.168.1.0/24 or fd00::/64";

  private FirewallSources() {
  }

  public static boolean isValid(String source) {
    return Addresses.isIpOrCidr(source) && !(source.indexOf(':') >= 0 && source.indexOf('.') >= 0);
  }

  /** An address (no network) a firewall rule can name. */
  public static boolean isAddress(String address) {
    return address != null && address.indexOf('/') < 0 && isValid(address);
  }
}
