package dev.steward.coordinator.pki;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One certificate issued to a host, as {@code hosts.json} keeps it. A host's current
 * certificate is its newest record that is not revoked; a renewal or a new enrollment
 * revokes the records before it ("superseded"), {@code steward hosts forget} revokes it.
 *
 * @param method token, fingerprint or renew
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrolledHost(String name, String address, String serial, String fingerprint, Instant notAfter,
                           Instant enrolledAt, String method, boolean revoked, Instant revokedAt,
                           String revokedReason) {

  public EnrolledHost revoke(Instant now, String reason) {
    return new EnrolledHost(name, address, serial, fingerprint, notAfter, enrolledAt, method, true, now, reason);
  }
}
