package dev.steward.agent.security;

import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.EnrollmentProofs;
import dev.steward.common.pki.Role;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether the agent accepts a certificate handed to it by InstallCertificate. Pure: every
 * input is a value; the result lists every reason for refusal (empty: accept).
 *
 * <ul>
 *   <li>the certificate is for the agent's own key, signed by the given CA, valid now, with the
 *       agent role (OU steward-agent + serverAuth);
 *   <li>the CA is a self-signed CA certificate;
 *   <li>pending with a token: the installer's proof over the challenge, certificate and CA
 *       verifies (whoever installs the CA holds the token);
 *   <li>pending without a token: accepted (trust on first use, see docs/security.md);
 *   <li>enrolled (a renewal, from a caller the interceptor already verified as a coordinator):
 *       the CA must be the one already installed.
 * </ul>
 */
public final class InstallPolicy {

  private InstallPolicy() {
  }

  /**
   * @param token the agent's one-time token, when it has one
   * @param challengeIssued the challenge was issued by this agent and not used yet
   * @param currentCa the installed CA when enrolled
   */
  public record Inputs(SecurityState state, PublicKey ownKey, X509Certificate certificate, X509Certificate ca,
                       Optional<String> token, byte[] challenge, boolean challengeIssued, byte[] proof,
                       Optional<X509Certificate> currentCa, Instant now) {
  }

  public static List<String> problems(Inputs in) {
    List<String> problems = new ArrayList<>();
    X509Certificate certificate = in.certificate();
    X509Certificate ca = in.ca();
    if (!certificate.getPublicKey().equals(in.ownKey())) {
      problems.add("certificate_der is not for this agent's key: sign the CSR this agent sent");
    }
    if (ca.getBasicConstraints() < 0) {
      problems.add("ca_certificate_der is not a CA certificate (basic constraints)");
    }
    if (!verifies(ca, ca.getPublicKey()) || !ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
      problems.add("ca_certificate_der is not a self-signed root CA");
    }
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())
        || !verifies(certificate, ca.getPublicKey())) {
      problems.add("certificate_der was not issued by ca_certificate_der");
    }
    if (in.now().isBefore(certificate.getNotBefore().toInstant())
        || in.now().isAfter(certificate.getNotAfter().toInstant())) {
      problems.add("certificate_der is not valid now (" + certificate.getNotBefore().toInstant() + " to "
          + certificate.getNotAfter().toInstant() + "): check both clocks");
    }
    if (Certificates.role(certificate).filter(r -> r == Role.AGENT).isEmpty()) {
      problems.add("certificate_der does not carry the agent role (OU " + Role.AGENT.organizationalUnit()
          + " and serverAuth)");
    }
    switch (in.state()) {
      case PENDING -> {
        if (in.token().isPresent()) {
          if (!in.challengeIssued()) {
            problems.add("challenge is unknown or already used: call GetCsr again and answer its challenge");
          } else if (!EnrollmentProofs.verify(proof(in), in.proof())) {
            problems.add("proof does not verify: the installer does not hold this agent's enrollment token");
          }
        }
      }
      case ENROLLED -> {
        if (in.currentCa().isEmpty() || !sameCertificate(in.currentCa().get(), ca)) {
          problems.add("ca_certificate_der differs from the CA this agent is enrolled with: a new CA needs a new "
              + "enrollment (reset the agent's tls directory, see docs/security.md)");
        }
      }
      default -> problems.add("this agent runs without TLS (--insecure): there is nothing to install");
    }
    return problems;
  }

  private static byte[] proof(Inputs in) {
    try {
      return EnrollmentProofs.installProof(in.token().orElseThrow(), in.challenge(), in.certificate().getEncoded(),
          in.ca().getEncoded());
    } catch (CertificateEncodingException e) {
      return new byte[0];
    }
  }

  private static boolean verifies(X509Certificate certificate, PublicKey key) {
    try {
      certificate.verify(key);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  static boolean sameCertificate(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }
}
