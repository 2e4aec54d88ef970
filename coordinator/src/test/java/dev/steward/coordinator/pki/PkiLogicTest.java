package dev.steward.coordinator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.inventory.Addresses;
import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.EnrollmentTokens;
import dev.steward.common.pki.Fingerprints;
import dev.steward.common.pki.Role;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token rules, agent identity rules and the PKI directory, with plain data and a temp directory. */
class PkiLogicTest {

  @TempDir
  Path temp;

  // ------------------------------------------------------------------ tokens

  @Test
  void aTokenWorksOnceBeforeItExpiresAndOnlyForItsHost() {
    Instant now = Instant.parse("2025-06-01T12:00:00Z");
    String token = EnrollmentTokens.generate(new SecureRandom());
    TokenRecord record = new TokenRecord(EnrollmentTokens.hash(token), now.minusSeconds(60), now.plusSeconds(60), "h1",
        null, null);
    assertThat(TokenPolicy.check(List.of(record), token, "h1", now).ok()).isTrue();
    assertThat(TokenPolicy.check(List.of(record), token, "h2", now).problem()).contains("bound to host h1");
    assertThat(TokenPolicy.check(List.of(record), token, "h1", now.plusSeconds(60)).problem()).contains("expired");
    assertThat(TokenPolicy.check(List.of(record.used("h1", now)), token, "h1", now).problem())
        .contains("already used").contains("h1");
    assertThat(TokenPolicy.check(List.of(), token, "h1", now).problem()).contains("unknown");
    assertThat(TokenPolicy.check(List.of(record), "stw1_nope", "h1", now).problem()).contains("not a Steward");
    TokenRecord anyHost = new TokenRecord(record.sha256(), record.createdAt(), record.expiresAt(), null, null, null);
    assertThat(TokenPolicy.check(List.of(anyHost), token, "h7", now).ok()).isTrue();
  }

  // ------------------------------------------------------------------ agent identity

  @Test
  void theAgentMustPresentTheCurrentCertificateOfThatInventoryHost() throws Exception {
    PkiDirectory pki = new PkiDirectory(temp.resolve("pki"));
    pki.init("lab", Clock.systemUTC());
    CertificateAuthority ca = pki.authority(Clock.systemUTC()).ca();
    KeyPair key = CertificateAuthority.newKeyPair();
    X509Certificate h1 = ca.issueAgent("h1", "192.168.1.184", key.getPublic());
    EnrolledHost current = record(h1, "h1", "192.168.1.184");

    assertThat(AgentIdentityCheck.problems(h1, "h1", "192.168.1.184", Optional.of(current))).isEmpty();
    assertThat(AgentIdentityCheck.problems(h1, "h2", "192.168.1.184", Optional.of(current)))
        .anyMatch(p -> p.contains("issued to host h1, not h2"));
    assertThat(AgentIdentityCheck.problems(h1, "h1", "192.168.1.187", Optional.of(current)))
        .anyMatch(p -> p.contains("does not name the address 192.168.1.187"));
    assertThat(AgentIdentityCheck.problems(h1, "h1", "192.168.1.184", Optional.empty()))
        .anyMatch(p -> p.contains("no current certificate"));
    EnrolledHost superseded = new EnrolledHost("h1", "192.168.1.184", "ff", current.fingerprint(), current.notAfter(),
        current.enrolledAt(), "renew", false, null, null);
    assertThat(AgentIdentityCheck.problems(h1, "h1", "192.168.1.184", Optional.of(superseded)))
        .anyMatch(p -> p.contains("revoked or superseded"));
    EnrolledHost otherKey = new EnrolledHost("h1", "192.168.1.184", current.serial(), Fingerprints.PREFIX
        + "00".repeat(32), current.notAfter(), current.enrolledAt(), "token", false, null, null);
    assertThat(AgentIdentityCheck.problems(h1, "h1", "192.168.1.184", Optional.of(otherKey)))
        .anyMatch(p -> p.contains("not the one enrolled"));

    KeyPair coordinatorKey = CertificateAuthority.newKeyPair();
    X509Certificate coordinatorRole = ca.issue(new CertificateAuthority.Spec("h1", Role.COORDINATOR.organizationalUnit(),
        coordinatorKey.getPublic(), Instant.now().minusSeconds(60), Instant.now().plusSeconds(60),
        List.of("192.168.1.184"), List.of(Certificates.CLIENT_AUTH)));
    assertThat(AgentIdentityCheck.problems(coordinatorRole, "h1", "192.168.1.184",
        Optional.of(record(coordinatorRole, "h1", "192.168.1.184")))).anyMatch(p -> p.contains("agent role"));
  }

  @Test
  void addressesMatchByValueAndNamesWithoutResolving() throws Exception {
    PkiDirectory pki = new PkiDirectory(temp.resolve("pki"));
    pki.init("lab", Clock.systemUTC());
    CertificateAuthority ca = pki.authority(Clock.systemUTC()).ca();
    X509Certificate v6 = ca.issueAgent("h1", "fd00::1", CertificateAuthority.newKeyPair().getPublic());
    assertThat(AgentIdentityCheck.problems(v6, "h1", "fd00:0:0:0:0:0:0:1", Optional.of(record(v6, "h1", "fd00::1"))))
        .isEmpty();
    X509Certificate dns = ca.issueAgent("h1", "node1.lan", CertificateAuthority.newKeyPair().getPublic());
    assertThat(Certificates.subjectAlternativeNames(dns)).containsExactly("node1.lan", "h1");
    assertThat(AgentIdentityCheck.problems(dns, "h1", "NODE1.lan", Optional.of(record(dns, "h1", "node1.lan"))))
        .isEmpty();
  }

  @Test
  void aSanIsAnIpAddressExactlyWhenTheInventoryCallsItOne() {
    // "010.0.0.1" was an IP SAN for 10.0.0.1 (the JDK reads it as decimal; elsewhere it is octal);
    // "1::2::3" was handed to Bouncy Castle as an IP and failed the whole issue
    for (String name : List.of("10.0.0.1", "fd00::1", "::ffff:10.0.0.2", "010.0.0.1", "10.1", "1::2::3", "node1.lan")) {
      int expected = Addresses.isIpLiteral(name) ? GeneralName.iPAddress : GeneralName.dNSName;
      assertThat(CertificateAuthority.generalName(name).getTagNo()).as(name).isEqualTo(expected);
    }
    assertThat(Addresses.isIpLiteral("010.0.0.1")).isFalse();
  }

  @Test
  void anIpv4MappedAddressMatchesTheSanTheJdkReadsBackAsIpv4() throws Exception {
    PkiDirectory pki = new PkiDirectory(temp.resolve("pki"));
    pki.init("lab", Clock.systemUTC());
    X509Certificate mapped = pki.authority(Clock.systemUTC()).ca().issueAgent("h1", "::ffff:10.0.0.2",
        CertificateAuthority.newKeyPair().getPublic());
    assertThat(AgentIdentityCheck.problems(mapped, "h1", "::ffff:10.0.0.2",
        Optional.of(record(mapped, "h1", "::ffff:10.0.0.2")))).isEmpty();
  }

  @Test
  void issuedCertificatesCarryRoleUsageAndARandomSerial() throws Exception {
    PkiDirectory pki = new PkiDirectory(temp.resolve("pki"));
    PkiDirectory.Credentials credentials = pki.init("lab", Clock.systemUTC());
    assertThat(Certificates.role(credentials.coordinatorCertificate())).contains(Role.COORDINATOR);
    assertThat(credentials.ca().getBasicConstraints()).isEqualTo(0);
    X509Certificate agent = pki.authority(Clock.systemUTC()).ca().issueAgent("h1", "10.0.0.1",
        CertificateAuthority.newKeyPair().getPublic());
    assertThat(Certificates.role(agent)).contains(Role.AGENT);
    assertThat(agent.getExtendedKeyUsage()).containsExactly(Certificates.SERVER_AUTH);
    assertThat(agent.getSerialNumber().bitLength()).isEqualTo(128);
    assertThat(agent.getNotAfter().toInstant()).isAfter(Instant.now().plus(CertificateAuthority.AGENT_VALIDITY)
        .minusSeconds(3600));
    agent.verify(credentials.ca().getPublicKey());
  }

  // ------------------------------------------------------------------ the directory

  @Test
  void initWritesKeysAndListsReadableOnlyByTheOwnerAndNeverOverwritesACa() throws Exception {
    PkiDirectory pki = new PkiDirectory(temp.resolve("pki/lab"));
    pki.init("lab", Clock.systemUTC());
    for (String secret : List.of(PkiDirectory.CA_KEY, PkiDirectory.COORDINATOR_KEY, PkiDirectory.TOKENS,
        PkiDirectory.HOSTS)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.dir().resolve(secret))))
          .as(secret).isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.dir()))).isEqualTo("rwx------");
    byte[] caKey = Files.readAllBytes(pki.dir().resolve(PkiDirectory.CA_KEY));
    assertThatThrownBy(() -> pki.init("lab", Clock.systemUTC())).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readAllBytes(pki.dir().resolve(PkiDirectory.CA_KEY))).isEqualTo(caKey);
    try (var files = Files.list(pki.dir())) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList())
          .as("no temp files left").isEmpty();
    }
  }

  @Test
  void aMissingPkiSaysSo() {
    PkiDirectory pki = new PkiDirectory(temp.resolve("nothing"));
    assertThat(pki.exists()).isFalse();
    assertThatThrownBy(pki::credentials).isInstanceOf(PkiDirectory.NoPkiException.class)
        .hasMessageContaining("no cluster CA in");
  }

  @Test
  void theCurrentCertificateOfAHostIsItsNewestUnrevokedRecord() {
    EnrolledHost old = new EnrolledHost("h1", "a", "1", "f", Instant.now(), Instant.now(), "token", true,
        Instant.now(), "superseded");
    EnrolledHost renewed = new EnrolledHost("h1", "a", "2", "f", Instant.now(), Instant.now(), "renew", false, null,
        null);
    assertThat(new PkiDirectory.Hosts(List.of(old, renewed)).current("h1")).contains(renewed);
    assertThat(new PkiDirectory.Hosts(List.of(old, renewed.revoke(Instant.now(), "forgotten"))).current("h1"))
        .isEmpty();
    assertThat(new PkiDirectory.Hosts(List.of(old)).latest("h1")).contains(old);
  }

  private static EnrolledHost record(X509Certificate certificate, String name, String address) {
    return new EnrolledHost(name, address, Certificates.serialHex(certificate),
        Fingerprints.of(certificate.getPublicKey()), certificate.getNotAfter().toInstant(), Instant.now(), "token",
        false, null, null);
  }
}
