package dev.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.pki.EnrollmentProofs;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the agent accepts as its certificate, from plain data. */
class InstallPolicyTest {

  static final String TOKEN = "stw1_" + "t".repeat(43);
  final byte[] challenge = new byte[32];
  TestCertificates.Ca ca;
  KeyPair own;
  X509Certificate good;
  Instant now;

  @BeforeEach
  void setUp() throws Exception {
    ca = TestCertificates.ca("Steward CA lab");
    own = TestCertificates.keyPair();
    now = Instant.now();
    good = agentCertificate(ca, own, now.minusSeconds(60), now.plusSeconds(3600));
    challenge[0] = 7;
  }

  static X509Certificate agentCertificate(TestCertificates.Ca ca, KeyPair key, Instant from, Instant to) throws Exception {
    return ca.issue("CN=h1,OU=steward-agent", key.getPublic(), from, to, TestCertificates.SERVER_AUTH);
  }

  InstallPolicy.Inputs pending(X509Certificate certificate, X509Certificate authority, Optional<String> token,
                               boolean issued, byte[] proof) {
    return new InstallPolicy.Inputs(SecurityState.PENDING, own.getPublic(), certificate, authority, token, challenge,
        issued, proof, Optional.empty(), now);
  }

  byte[] proof(X509Certificate certificate, X509Certificate authority) throws Exception {
    return EnrollmentProofs.installProof(TOKEN, challenge, certificate.getEncoded(), authority.getEncoded());
  }

  @Test
  void theTokenHoldersCertificateIsAccepted() throws Exception {
    assertThat(InstallPolicy.problems(pending(good, ca.certificate(), Optional.of(TOKEN), true,
        proof(good, ca.certificate())))).isEmpty();
  }

  @Test
  void withoutATokenTheFirstCaIsTrusted() {
    assertThat(InstallPolicy.problems(pending(good, ca.certificate(), Optional.empty(), false, new byte[0]))).isEmpty();
  }

  @Test
  void aMissingWrongOrReplayedProofIsRefused() throws Exception {
    assertThat(InstallPolicy.problems(pending(good, ca.certificate(), Optional.of(TOKEN), true, new byte[0])))
        .anyMatch(p -> p.contains("proof does not verify"));
    byte[] otherToken = EnrollmentProofs.installProof("stw1_" + "u".repeat(43), challenge, good.getEncoded(),
        ca.certificate().getEncoded());
    assertThat(InstallPolicy.problems(pending(good, ca.certificate(), Optional.of(TOKEN), true, otherToken)))
        .anyMatch(p -> p.contains("proof does not verify"));
    assertThat(InstallPolicy.problems(pending(good, ca.certificate(), Optional.of(TOKEN), false,
        proof(good, ca.certificate())))).anyMatch(p -> p.contains("challenge is unknown or already used"));
  }

  @Test
  void aCertificateForAnotherKeyFromAnotherCaExpiredOrWithoutTheAgentRoleIsRefused() throws Exception {
    X509Certificate otherKey = agentCertificate(ca, TestCertificates.keyPair(), now.minusSeconds(60), now.plusSeconds(60));
    assertThat(InstallPolicy.problems(pending(otherKey, ca.certificate(), Optional.empty(), false, new byte[0])))
        .anyMatch(p -> p.contains("not for this agent's key"));
    TestCertificates.Ca other = TestCertificates.ca("Other CA");
    assertThat(InstallPolicy.problems(pending(good, other.certificate(), Optional.empty(), false, new byte[0])))
        .anyMatch(p -> p.contains("was not issued by ca_certificate_der"));
    X509Certificate expired = agentCertificate(ca, own, now.minusSeconds(7200), now.minusSeconds(3600));
    assertThat(InstallPolicy.problems(pending(expired, ca.certificate(), Optional.empty(), false, new byte[0])))
        .anyMatch(p -> p.contains("not valid now"));
    X509Certificate coordinatorRole = ca.issue("CN=h1,OU=steward-coordinator", own.getPublic(), now.minusSeconds(60),
        now.plusSeconds(60), TestCertificates.CLIENT_AUTH);
    assertThat(InstallPolicy.problems(pending(coordinatorRole, ca.certificate(), Optional.empty(), false, new byte[0])))
        .anyMatch(p -> p.contains("agent role"));
    assertThat(InstallPolicy.problems(pending(good, good, Optional.empty(), false, new byte[0])))
        .anyMatch(p -> p.contains("not a CA certificate"));
  }

  @Test
  void aRenewalMustKeepTheSameCa() throws Exception {
    TestCertificates.Ca other = TestCertificates.ca("Other CA");
    X509Certificate fromOther = agentCertificate(other, own, now.minusSeconds(60), now.plusSeconds(3600));
    InstallPolicy.Inputs renewal = new InstallPolicy.Inputs(SecurityState.ENROLLED, own.getPublic(), fromOther,
        other.certificate(), Optional.empty(), challenge, false, new byte[0], Optional.of(ca.certificate()), now);
    assertThat(InstallPolicy.problems(renewal)).anyMatch(p -> p.contains("differs from the CA"));
    InstallPolicy.Inputs sameCa = new InstallPolicy.Inputs(SecurityState.ENROLLED, own.getPublic(), good,
        ca.certificate(), Optional.of(TOKEN), challenge, false, new byte[0], Optional.of(ca.certificate()), now);
    assertThat(InstallPolicy.problems(sameCa)).as("the caller is already a verified coordinator").isEmpty();
  }
}
