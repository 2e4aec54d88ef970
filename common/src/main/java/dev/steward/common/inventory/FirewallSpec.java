package dev.steward.common.inventory;

import java.util.List;

/**
 * ufw management.
 *
 * @param enabled manage ufw rules at all
 * @param enableUfw also turn ufw on (default deny incoming) when it is off
 * @param coordinatorAddresses who may reach the agent port, ZooKeeper's AdminServer and the Connect REST
 *     API (empty: anywhere)
 */
public record FirewallSpec(
    boolean enabled,
    boolean enableUfw,
    int sshPort,
    List<String> coordinatorAddresses) {

  public FirewallSpec {
    coordinatorAddresses = List.copyOf(coordinatorAddresses);
  }
}
