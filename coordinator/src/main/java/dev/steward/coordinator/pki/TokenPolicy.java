package dev.steward.coordinator.pki;

import dev.steward.common.pki.EnrollmentTokens;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Whether a token may enroll a host now. Pure. */
public final class TokenPolicy {

  private TokenPolicy() {
  }

  /** The token's record when it may enroll {@code host}; else why not. */
  public record Verdict(TokenRecord record, String problem) {

    public boolean ok() {
      return problem == null;
    }

    /** The token already enrolled this very host (a retried script): fine if the host still holds that certificate. */
    public boolean usedBy(String host) {
      return record != null && record.usedAt() != null && host.equals(record.usedBy());
    }
  }

  public static Verdict check(List<TokenRecord> records, String token, String host, Instant now) {
    if (!EnrollmentTokens.isWellFormed(token)) {
      return new Verdict(null, "--token is not a Steward enrollment token (" + EnrollmentTokens.PREFIX
          + "... as printed by `steward ca token`)");
    }
    String hash = EnrollmentTokens.hash(token);
    Optional<TokenRecord> found = records.stream().filter(r -> r.sha256().equals(hash)).findFirst();
    if (found.isEmpty()) {
      return new Verdict(null, "--token is unknown to this PKI: make one with `steward ca token` (for this "
          + "inventory's cluster and PKI directory)");
    }
    TokenRecord record = found.get();
    if (record.usedAt() != null) {
      return new Verdict(record, "--token was already used at " + record.usedAt() + " to enroll " + record.usedBy()
          + ": tokens work once; make a new one with `steward ca token`");
    }
    if (!now.isBefore(record.expiresAt())) {
      return new Verdict(null, "--token expired at " + record.expiresAt() + ": make a new one with `steward ca token`");
    }
    if (record.host() != null && !record.host().equals(host)) {
      return new Verdict(null, "--token is bound to host " + record.host() + ", not " + host
          + ": use that host's token, or make one with `steward ca token --host " + host + "`");
    }
    return new Verdict(record, null);
  }
}
