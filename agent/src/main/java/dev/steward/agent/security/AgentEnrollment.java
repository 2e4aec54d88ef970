package dev.steward.agent.security;

import com.google.protobuf.ByteString;
import dev.steward.agent.audit.AuditSink;
import dev.steward.agent.v1.EnrollmentMode;
import dev.steward.agent.v1.EnrollmentState;
import dev.steward.agent.v1.GetCsrRequest;
import dev.steward.agent.v1.GetCsrResponse;
import dev.steward.agent.v1.InstallCertificateRequest;
import dev.steward.agent.v1.InstallCertificateResponse;
import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.EnrollmentProofs;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of enrollment: its state (pending or enrolled), the CSR it hands out with
 * its proof, and the checks before it installs a certificate ({@link InstallPolicy}). After
 * an install it tells {@code onInstalled}, which restarts the server with mutual TLS.
 */
public final class AgentEnrollment {

  static final int MIN_NONCE = 16;
  static final int MAX_NONCE = 64;
  static final int MAX_CERTIFICATE_BYTES = 16 * 1024;
  private static final int MAX_OPEN_CHALLENGES = 16;
  private static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(AgentEnrollment.class);

  private final AgentTlsFiles files;
  private final Optional<String> token;
  private final AuditSink audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  /** Issued challenges (hex) and when they expire; each may answer one install. */
  private final Map<String, Instant> challenges = new LinkedHashMap<>();
  private volatile AgentTlsFiles.Enrolled enrolled;
  private volatile Runnable onInstalled = () -> { };

  public AgentEnrollment(AgentTlsFiles files, Optional<String> token, AuditSink audit, Clock clock) throws IOException {
    this.files = files;
    this.token = token.filter(t -> !t.isBlank());
    this.audit = audit;
    this.clock = clock;
    this.enrolled = files.enrolled().orElse(null);
  }

  /** Called after a certificate was installed (outside the RPC's thread is the caller's business). */
  public void onInstalled(Runnable listener) {
    this.onInstalled = listener;
  }

  public SecurityState state() {
    return enrolled == null ? SecurityState.PENDING : SecurityState.ENROLLED;
  }

  public Optional<AgentTlsFiles.Enrolled> enrolled() {
    return Optional.ofNullable(enrolled);
  }

  public AgentTlsFiles files() {
    return files;
  }

  public boolean hasToken() {
    return token.isPresent();
  }

  public synchronized GetCsrResponse getCsr(GetCsrRequest request) {
    byte[] nonce = request.getNonce().toByteArray();
    if (nonce.length < MIN_NONCE || nonce.length > MAX_NONCE) {
      throw new IllegalArgumentException("nonce must be " + MIN_NONCE + " to " + MAX_NONCE + " random bytes, got "
          + nonce.length);
    }
    byte[] csr = files.csrDer();
    byte[] challenge = new byte[32];
    random.nextBytes(challenge);
    pruneChallenges();
    challenges.put(HexFormat.of().formatHex(challenge), clock.instant().plus(CHALLENGE_LIFETIME));
    GetCsrResponse.Builder response = GetCsrResponse.newBuilder()
        .setState(state() == SecurityState.ENROLLED ? EnrollmentState.ENROLLMENT_STATE_ENROLLED
            : EnrollmentState.ENROLLMENT_STATE_PENDING)
        .setMode(token.isPresent() ? EnrollmentMode.ENROLLMENT_MODE_TOKEN : EnrollmentMode.ENROLLMENT_MODE_FINGERPRINT)
        .setCsrDer(ByteString.copyFrom(csr))
        .setFingerprint(files.fingerprint())
        .setChallenge(ByteString.copyFrom(challenge));
    token.ifPresent(t -> response.setProof(ByteString.copyFrom(EnrollmentProofs.csrProof(t, nonce, csr))));
    AgentTlsFiles.Enrolled current = enrolled;
    if (current != null) {
      try {
        response.setCertificateDer(ByteString.copyFrom(current.certificate().getEncoded()))
            .setCaCertificateDer(ByteString.copyFrom(current.ca().getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("cannot encode the installed certificate", e);
      }
    }
    return response.build();
  }

  /**
   * Verifies and installs. Refusals are {@link InstallRefusedException} (the caller learns why),
   * malformed fields IllegalArgumentException; nothing is written unless every check passed.
   */
  public InstallCertificateResponse install(InstallCertificateRequest request, CallerIdentity caller)
      throws InstallRefusedException, IOException {
    X509Certificate certificate = parse("certificate_der", request.getCertificateDer());
    X509Certificate ca = parse("ca_certificate_der", request.getCaCertificateDer());
    byte[] challenge = request.getChallenge().toByteArray();
    InstallCertificateResponse response;
    synchronized (this) {
      SecurityState state = state();
      boolean issued = consumeChallenge(challenge);
      List<String> problems = InstallPolicy.problems(new InstallPolicy.Inputs(state, files.keyPair().getPublic(),
          certificate, ca, token, challenge, issued, request.getProof().toByteArray(),
          Optional.ofNullable(enrolled).map(AgentTlsFiles.Enrolled::ca), clock.instant()));
      String action = state == SecurityState.ENROLLED ? "renew-certificate" : "install-certificate";
      if (!problems.isEmpty()) {
        log.warn("refused a certificate from {}: {}", caller, String.join("; ", problems));
        audit.record(caller.name(), "", action, "certificate:agent", "", "", "REFUSED", String.join("; ", problems));
        throw new InstallRefusedException(String.join("; ", problems));
      }
      String before = enrolled == null ? "absent" : digest(enrolled.certificate());
      files.install(certificate, ca);
      enrolled = new AgentTlsFiles.Enrolled(certificate, ca);
      String how = state == SecurityState.ENROLLED ? caller.name()
          : token.isPresent() ? "enrollment:token" : "enrollment:fingerprint (trust on first use)";
      audit.record(how, "", action, "certificate:agent", before, digest(certificate), "CHANGED",
          Certificates.describe(certificate) + ", CA " + ca.getSubjectX500Principal().getName());
      log.info("enrolled ({}): {} issued by {}; from now on client certificates of that CA are required", how,
          enrolled.describe(), ca.getSubjectX500Principal().getName());
      response = InstallCertificateResponse.newBuilder()
          .setSubject(certificate.getSubjectX500Principal().getName())
          .setSerial(Certificates.serialHex(certificate))
          .setFingerprint(files.fingerprint())
          .build();
    }
    onInstalled.run();
    return response;
  }

  private String digest(X509Certificate certificate) {
    try {
      return audit.digest(certificate.getEncoded(), false);
    } catch (CertificateEncodingException e) {
      return "";
    }
  }

  /** A malformed field is the caller's mistake (IllegalArgumentException: INVALID_ARGUMENT). */
  private static X509Certificate parse(String field, ByteString der) {
    if (der.isEmpty()) {
      throw new IllegalArgumentException(field + " is empty: send the DER of the certificate");
    }
    if (der.size() > MAX_CERTIFICATE_BYTES) {
      throw new IllegalArgumentException(field + " is " + der.size() + " bytes: a certificate is at most "
          + MAX_CERTIFICATE_BYTES);
    }
    try {
      return Certificates.parse(der.toByteArray());
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException(field + " is not a DER X.509 certificate: " + e.getMessage());
    }
  }

  private boolean consumeChallenge(byte[] challenge) {
    pruneChallenges();
    return challenge.length == 32 && challenges.remove(HexFormat.of().formatHex(challenge)) != null;
  }

  private void pruneChallenges() {
    Instant now = clock.instant();
    challenges.values().removeIf(expiry -> expiry.isBefore(now));
    Iterator<String> oldest = new ArrayList<>(challenges.keySet()).iterator();
    while (challenges.size() >= MAX_OPEN_CHALLENGES && oldest.hasNext()) {
      challenges.remove(oldest.next());
    }
  }

  /** A certificate the agent will not install; the message says why. */
  public static final class InstallRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public InstallRefusedException(String message) {
      super(message);
    }
  }
}
