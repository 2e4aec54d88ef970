package dev.steward.coordinator.pki;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One enrollment token as {@code tokens.json} keeps it: never the token, only its SHA-256.
 *
 * @param host the inventory host it is bound to, or null for any host
 * @param usedAt when it enrolled a host (it never works again), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRecord(String sha256, Instant createdAt, Instant expiresAt, String host, Instant usedAt,
                          String usedBy) {

  public TokenRecord used(String hostName, Instant now) {
    return new TokenRecord(sha256, createdAt, expiresAt, host, now, hostName);
  }
}
