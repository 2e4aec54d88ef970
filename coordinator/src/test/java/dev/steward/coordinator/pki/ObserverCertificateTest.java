package dev.steward.coordinator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.Role;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `steward ca issue-observer`'s certificate: the read-only role, carried as the coordinator's is. */
class ObserverCertificateTest {

  private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");

  @TempDir
  Path temp;

  private CertificateAuthority ca() throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    PkiDirectory pki = new PkiDirectory(temp.resolve("pki"));
    pki.init("lab", clock);
    return pki.authority(clock).ca();
  }

  @Test
  void carriesTheObserverRoleInItsOuAndClientAuthAndNothingElse() throws Exception {
    CertificateAuthority ca = ca();
    X509Certificate certificate = ca.issueObserver("alice", Duration.ofDays(30)).certificate();

    assertThat(Certificates.role(certificate)).contains(Role.OBSERVER);
    assertThat(Certificates.subjectAttribute(certificate, "OU")).containsExactly("steward-observer");
    assertThat(Certificates.commonName(certificate)).contains("alice");
    assertThat(certificate.getExtendedKeyUsage()).containsExactly(Certificates.CLIENT_AUTH);
    assertThat(certificate.getKeyUsage()).as("digitalSignature only").containsExactly(
        true, false, false, false, false, false, false, false, false);
    assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(Certificates.subjectAlternativeNames(certificate)).isEmpty();
    certificate.verify(ca.caCertificate().getPublicKey());
    assertThat(certificate.getIssuerX500Principal()).isEqualTo(ca.caCertificate().getSubjectX500Principal());
  }

  @Test
  void isValidForTheDaysAskedFromFiveMinutesBack() throws Exception {
    X509Certificate certificate = ca().issueObserver("grafana-reader", Duration.ofDays(7)).certificate();
    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateAuthority.BACKDATE));
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(7)));
  }

  @Test
  void neitherAnAgentNorACoordinatorRole() throws Exception {
    X509Certificate certificate = ca().issueObserver("bob", Duration.ofDays(1)).certificate();
    assertThat(Certificates.role(certificate)).isNotEqualTo(java.util.Optional.of(Role.COORDINATOR))
        .isNotEqualTo(java.util.Optional.of(Role.AGENT));
    assertThat(AgentIdentityCheck.identityProblems(certificate, "bob", "127.0.0.1"))
        .as("it cannot pass as an agent either").isNotEmpty();
  }

  @Test
  void aLifeOfNoneOrLongerThanTheCoordinatorsIsRefused() throws Exception {
    CertificateAuthority ca = ca();
    assertThatThrownBy(() -> ca.issueObserver("alice", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ca.issueObserver("alice", Duration.ofDays(731)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ca.issueObserver("alice", Duration.ofDays(730)).certificate().getNotAfter().toInstant())
        .isEqualTo(NOW.plus(CertificateAuthority.COORDINATOR_VALIDITY));
  }
}
