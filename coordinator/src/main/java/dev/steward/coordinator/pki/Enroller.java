package dev.steward.coordinator.pki;

import com.google.protobuf.ByteString;
import dev.steward.agent.v1.EnrollmentMode;
import dev.steward.agent.v1.EnrollmentServiceGrpc;
import dev.steward.agent.v1.EnrollmentState;
import dev.steward.agent.v1.GetCsrRequest;
import dev.steward.agent.v1.GetCsrResponse;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.InstallCertificateRequest;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.EnrollmentProofs;
import dev.steward.common.pki.EnrollmentTokens;
import dev.steward.common.pki.Fingerprints;
import dev.steward.coordinator.agent.AgentCallException;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The coordinator's side of enrollment (docs/security.md). For one inventory host:
 *
 * <ol>
 *   <li>check the operator's input before contacting anyone (token known, unused, unexpired,
 *       bound to this host if bound; fingerprint well-formed);
 *   <li>GetCsr with a fresh nonce over TLS (the agent's certificate is not trusted yet; its key
 *       must be the CSR's key);
 *   <li>token: the agent's proof must verify; fingerprint: the CSR key's fingerprint must be the
 *       one the operator confirmed; renew: the agent must hold this host's current certificate;
 *   <li>mark the token used, sign (CN host name, SAN address + name, role agent, 1 year),
 *       InstallCertificate with the installer's proof, record it in hosts.json (older
 *       certificates of the host are superseded);
 *   <li>verify: a GetFacts over mutual TLS with the full checks of {@link TlsAgentConnector}.
 * </ol>
 */
public final class Enroller {

  static final Duration CALL_DEADLINE = Duration.ofSeconds(15);

  private final PkiDirectory pki;
  private final Clock clock;
  private final Duration verifyTimeout;
  private final SecureRandom random = new SecureRandom();

  public Enroller(PkiDirectory pki, Clock clock, Duration verifyTimeout) {
    this.pki = pki;
    this.clock = clock;
    this.verifyTimeout = verifyTimeout;
  }

  /** How the agent is authenticated. */
  public sealed interface Method permits Token, Fingerprint, Renew {
  }

  /** The agent was given this one-time token. */
  public record Token(String token) implements Method {
    @Override
    public String toString() {
      return "Token[redacted]";
    }
  }

  /** The operator confirmed this key fingerprint from the agent's log. */
  public record Fingerprint(String fingerprint) implements Method {
  }

  /** A new certificate for an agent that holds its current one (expiry, address change). */
  public record Renew() implements Method {
  }

  /** @param alreadyEnrolled nothing was done: the agent already holds its current certificate */
  public record Outcome(EnrolledHost host, boolean alreadyEnrolled) {
  }

  public Outcome enroll(HostSpec host, Method method) throws EnrollmentException, IOException {
    PkiDirectory.Authority authority = pki.authority(clock);
    String expectedFingerprint = null;
    String usedTokenProblem = null;
    if (method instanceof Token token) {
      TokenPolicy.Verdict verdict = TokenPolicy.check(pki.tokens().tokens(), token.token(), host.name(), clock.instant());
      if (verdict.usedBy(host.name())) {
        // a retry after a success: answer "already enrolled" if the agent still holds that certificate
        usedTokenProblem = verdict.problem();
      } else if (!verdict.ok()) {
        throw new EnrollmentException(true, verdict.problem());
      }
    } else if (method instanceof Fingerprint fingerprint) {
      expectedFingerprint = Fingerprints.parse(fingerprint.fingerprint()).orElseThrow(() -> new EnrollmentException(
          true, "--fingerprint " + fingerprint.fingerprint() + " is not a SHA-256 fingerprint: copy the SHA256:... "
          + "value from the agent's log"));
    }

    CapturingTrustManager presented = new CapturingTrustManager();
    ManagedChannel channel = ClientTls.channel(host.agentTarget(), authority.credentials().coordinatorKey(),
        authority.credentials().coordinatorCertificate(), presented);
    X509Certificate issued;
    String methodName;
    try {
      byte[] nonce = new byte[32];
      random.nextBytes(nonce);
      GetCsrResponse csrResponse = call(host, "GetCsr", () -> EnrollmentServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .getCsr(GetCsrRequest.newBuilder().setNonce(ByteString.copyFrom(nonce)).build()));
      PublicKey key = verifiedCsrKey(host, csrResponse);
      X509Certificate tlsCertificate = presented.presented();
      if (tlsCertificate == null || !tlsCertificate.getPublicKey().equals(key)) {
        throw new EnrollmentException(false, host.name() + ": the TLS certificate's key is not the CSR's key: "
            + "something between this machine and " + host.agentTarget() + " is not the agent; nothing was signed");
      }
      String fingerprint = Fingerprints.of(key);

      if (csrResponse.getState() == EnrollmentState.ENROLLMENT_STATE_ENROLLED) {
        Optional<Outcome> already = alreadyEnrolled(host, tlsCertificate, authority, method);
        if (already.isPresent()) {
          return already.get();
        }
      } else if (usedTokenProblem != null) {
        throw new EnrollmentException(true, usedTokenProblem);
      } else if (method instanceof Renew) {
        throw new EnrollmentException(true, host.name() + " is not enrolled: --renew is for enrolled agents; "
            + "enroll it with --token or --fingerprint");
      }

      byte[] proof = new byte[0];
      if (method instanceof Token token) {
        if (csrResponse.getMode() != EnrollmentMode.ENROLLMENT_MODE_TOKEN) {
          throw new EnrollmentException(false, host.name() + " was started without an enrollment token: give it "
              + "one (--enroll-token-file) or enroll it with --fingerprint " + fingerprint + " after checking that "
              + "value in the agent's log");
        }
        if (!EnrollmentProofs.verify(EnrollmentProofs.csrProof(token.token(), nonce,
            csrResponse.getCsrDer().toByteArray()), csrResponse.getProof().toByteArray())) {
          throw new EnrollmentException(false, host.name() + ": the agent's proof does not verify: it holds a "
              + "different token than the one given here; nothing was signed");
        }
        redeem(token.token(), host);
        methodName = "token";
      } else if (method instanceof Fingerprint) {
        if (csrResponse.getMode() == EnrollmentMode.ENROLLMENT_MODE_TOKEN) {
          throw new EnrollmentException(false, host.name() + " holds an enrollment token: enroll it with --token");
        }
        if (!fingerprint.equals(expectedFingerprint)) {
          throw new EnrollmentException(false, host.name() + " presents key " + fingerprint + ", not the confirmed "
              + expectedFingerprint + ": check the agent's log on that host; nothing was signed");
        }
        methodName = "fingerprint";
      } else {
        methodName = "renew";
      }

      issued = authority.ca().issueAgent(host.name(), host.address(), key);
      if (method instanceof Token token) {
        proof = EnrollmentProofs.installProof(token.token(), csrResponse.getChallenge().toByteArray(),
            issued.getEncoded(), authority.credentials().ca().getEncoded());
      }
      InstallCertificateRequest install = InstallCertificateRequest.newBuilder()
          .setCertificateDer(ByteString.copyFrom(issued.getEncoded()))
          .setCaCertificateDer(ByteString.copyFrom(authority.credentials().ca().getEncoded()))
          .setChallenge(csrResponse.getChallenge())
          .setProof(ByteString.copyFrom(proof))
          .build();
      call(host, "InstallCertificate", () -> EnrollmentServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .installCertificate(install));
    } catch (CertificateException e) {
      throw new EnrollmentException(false, host.name() + ": cannot encode a certificate: " + e.getMessage(), e);
    } finally {
      channel.shutdownNow();
    }

    Instant now = clock.instant();
    String serial = Certificates.serialHex(issued);
    EnrolledHost record = new EnrolledHost(host.name(), host.address(), serial,
        Fingerprints.of(issued.getPublicKey()), issued.getNotAfter().toInstant(), now, methodName, false, null, null);
    pki.updateHosts(hosts -> new PkiDirectory.Hosts(PkiDirectory.plus(hosts.hosts().stream()
        .map(h -> h.name().equals(host.name()) && !h.revoked() ? h.revoke(now, "superseded by serial " + serial) : h)
        .toList(), record)));
    verify(host);
    return new Outcome(record, false);
  }

  /** After an install the agent rebuilds its server: wait until a mutual TLS call goes through. */
  private void verify(HostSpec host) throws EnrollmentException, IOException {
    TlsAgentConnector connector = new TlsAgentConnector(pki);
    long deadline = System.nanoTime() + verifyTimeout.toNanos();
    StatusRuntimeException last = null;
    while (System.nanoTime() - deadline < 0) {
      ManagedChannel channel = connector.connect(host);
      try {
        HostServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .getFacts(GetFactsRequest.getDefaultInstance());
        return;
      } catch (StatusRuntimeException e) {
        last = e;
      } finally {
        channel.shutdownNow();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new EnrollmentException(false, host.name() + ": the certificate was installed, but a mutual TLS call "
        + "did not succeed within " + verifyTimeout.toSeconds() + "s: "
        + (last == null ? "interrupted" : AgentCallException.describe(last)));
  }

  /**
   * An enrolled agent: its TLS certificate (the key of which is the CSR's) tells which CA and
   * serial it holds.
   */
  private Optional<Outcome> alreadyEnrolled(HostSpec host, X509Certificate presented, PkiDirectory.Authority authority,
                                            Method method) throws EnrollmentException, IOException {
    String serial = Certificates.serialHex(presented);
    try {
      presented.verify(authority.credentials().ca().getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new EnrollmentException(false, host.name() + " is enrolled with another CA (its certificate is issued by "
          + presented.getIssuerX500Principal().getName() + "): to move it to this one, stop the agent, remove its "
          + "<state-dir>/tls directory, start it (with a new token) and enroll it again");
    }
    Optional<EnrolledHost> current = pki.hosts().current(host.name());
    boolean isCurrent = current.isPresent() && current.get().serial().equals(serial);
    if (method instanceof Renew) {
      if (!isCurrent) {
        throw new EnrollmentException(false, host.name() + " holds certificate serial " + serial + ", which is not "
            + "its current one in hosts.json (forgotten or superseded): renewing is refused; reset the agent's "
            + "enrollment (remove its <state-dir>/tls) and enroll it again with a new token");
      }
      return Optional.empty();
    }
    if (isCurrent) {
      return Optional.of(new Outcome(current.get(), true));
    }
    throw new EnrollmentException(false, host.name() + " is already enrolled with certificate serial " + serial
        + ", which is not its current one here (forgotten or superseded): to enroll it again, stop the agent, "
        + "remove its <state-dir>/tls directory, start it and enroll it anew");
  }

  private void redeem(String token, HostSpec host) throws EnrollmentException, IOException {
    String hash = EnrollmentTokens.hash(token);
    String[] problem = {null};
    pki.updateTokens(tokens -> {
      TokenPolicy.Verdict verdict = TokenPolicy.check(tokens.tokens(), token, host.name(), clock.instant());
      if (!verdict.ok()) {
        problem[0] = verdict.problem();
        return tokens;
      }
      return new PkiDirectory.Tokens(tokens.tokens().stream()
          .map(r -> r.sha256().equals(hash) ? r.used(host.name(), clock.instant()) : r).toList());
    });
    if (problem[0] != null) {
      throw new EnrollmentException(true, problem[0]);
    }
  }

  private static PublicKey verifiedCsrKey(HostSpec host, GetCsrResponse response) throws EnrollmentException {
    try {
      JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(response.getCsrDer().toByteArray());
      PublicKey key = csr.getPublicKey();
      if (!"EC".equals(key.getAlgorithm())) {
        throw new EnrollmentException(false, host.name() + " sent a CSR for a " + key.getAlgorithm()
            + " key: Steward agents use EC P-256 keys");
      }
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new EnrollmentException(false, host.name() + " sent a CSR whose signature does not verify");
      }
      if (!Fingerprints.of(key).equals(response.getFingerprint())) {
        throw new EnrollmentException(false, host.name() + " reports fingerprint " + response.getFingerprint()
            + " for a CSR whose key is " + Fingerprints.of(key));
      }
      return key;
    } catch (IOException | GeneralSecurityException | PKCSException | org.bouncycastle.operator.OperatorCreationException
             | RuntimeException e) {
      throw new EnrollmentException(false, host.name() + " sent an unreadable CSR: " + e.getMessage(), e);
    }
  }

  private static <T> T call(HostSpec host, String name, java.util.function.Supplier<T> rpc) throws EnrollmentException {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw new EnrollmentException(false, host.name() + " (" + host.agentTarget() + "): " + name + " failed: "
          + AgentCallException.describe(e), e);
    }
  }

}
