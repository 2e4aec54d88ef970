package dev.steward.common.pki;

import java.util.Optional;

/**
 * What a certificate of the cluster CA is for. Carried twice: in the subject's OU and in the
 * extended key usage (coordinators are TLS clients, agents TLS servers).
 */
public enum Role {
  COORDINATOR("steward-coordinator"),
  AGENT("steward-agent"),
  /** Read-only: a TLS client that may read the services' logs (and health), nothing else. */
  OBSERVER("steward-observer");

  private final String organizationalUnit;

  Role(String organizationalUnit) {
    this.organizationalUnit = organizationalUnit;
  }

  public String organizationalUnit() {
    return organizationalUnit;
  }

  public static Optional<Role> ofOrganizationalUnit(String ou) {
    for (Role role : values()) {
      if (role.organizationalUnit.equals(ou)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
