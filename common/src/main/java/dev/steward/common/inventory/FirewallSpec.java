package dev.steward.common.inventory;

import java.util.List;

/**
 * ufw management.
 *
 * @param enabled manage ufw rules at all
 * @param enableUfw also turn ufw on (default deny incoming) when it is off
 * @param coordinatorAddresses who may reach the agent port (empty: anywhere)
 */
public record FirewallSpec(
    boolean enabled,
    boolean enableUfw,
    int sshPort,
    List<String> coordinatorAddresses,
    int connectRestPort) {

  public FirewallSpec {
    coordinatorAddresses = List.copyOf(coordinatorAddresses);
  }
}
