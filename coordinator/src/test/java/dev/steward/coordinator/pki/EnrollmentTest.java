package dev.steward.coordinator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.steward.agent.security.SecurityState;
import dev.steward.agent.v1.EnrollmentServiceGrpc;
import dev.steward.agent.v1.GetCsrRequest;
import dev.steward.agent.v1.GetCsrResponse;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.InstallCertificateRequest;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.common.pki.Fingerprints;
import dev.steward.coordinator.agent.AgentCallException;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enrollment flow over real TLS: what is accepted, what is refused, and that refusals change nothing. */
class EnrollmentTest {

  @TempDir
  Path temp;
  TlsAgentFixture fixture;
  ManagedChannel channel;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new TlsAgentFixture(temp);
  }

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    fixture.close();
  }

  @Test
  void aPendingAgentServesOnlyEnrollmentAndHealthFailedPrecondition() throws Exception {
    fixture.startAgent(Optional.empty());
    channel = ClientTls.channel(fixture.host.agentTarget(), null, null, new CapturingTrustManager());
    Map<String, String> before = fixture.snapshot();
    StatusRuntimeException refused = refusal(() -> HostServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).getFacts(GetFactsRequest.getDefaultInstance()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.getStatus().getDescription()).contains("not enrolled").contains("steward enroll");
    StatusRuntimeException apply = refusal(() -> ResourceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).apply(MutualTlsTest.fileRequest("op", "/etc/x", "x")).next());
    assertThat(apply.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void fingerprintEnrollmentChecksTheConfirmedFingerprint() throws Exception {
    fixture.startAgent(Optional.empty());
    String real = fixture.agent.fingerprint().orElseThrow();
    String wrong = Fingerprints.PREFIX + "00".repeat(32);
    Map<String, String> before = fixture.snapshot();
    assertThatThrownBy(() -> fixture.enroller().enroll(fixture.host, new Enroller.Fingerprint(wrong)))
        .isInstanceOf(EnrollmentException.class).hasMessageContaining("not the confirmed");
    assertThat(fixture.snapshot()).isEqualTo(before);
    assertThat(fixture.agent.securityState()).isEqualTo(SecurityState.PENDING);

    // as an operator would type it: lower case without the prefix, with colons
    String typed = real.substring(Fingerprints.PREFIX.length()).replaceAll("(..)(?!$)", "$1:");
    Enroller.Outcome outcome = fixture.enroller().enroll(fixture.host, new Enroller.Fingerprint(typed));
    assertThat(outcome.host().method()).isEqualTo("fingerprint");
    assertThat(outcome.host().fingerprint()).isEqualTo(real);
    assertThat(fixture.agent.securityState()).isEqualTo(SecurityState.ENROLLED);
  }

  @Test
  void aTokenTheAgentDoesNotHoldIsRefusedBeforeAnythingIsSignedAndStaysUnused() throws Exception {
    fixture.newToken("h1");
    String agentToken = fixture.newToken("h1");
    fixture.startAgent(Optional.of(agentToken));
    String otherToken = fixture.newToken("h1");
    Map<String, String> before = fixture.snapshot();
    assertThatThrownBy(() -> fixture.enroller().enroll(fixture.host, new Enroller.Token(otherToken)))
        .isInstanceOf(EnrollmentException.class).hasMessageContaining("proof does not verify")
        .satisfies(e -> assertThat(((EnrollmentException) e).badInput()).isFalse());
    assertThat(fixture.snapshot()).isEqualTo(before);
    assertThat(fixture.pki.tokens().tokens()).allSatisfy(t -> assertThat(t.usedAt()).isNull());
    assertThat(fixture.agent.securityState()).isEqualTo(SecurityState.PENDING);
  }

  @Test
  void unknownUsedExpiredAndForeignTokensAreBadInputAndNoAgentIsContacted() throws Exception {
    String token = fixture.newToken("h1");
    fixture.startAgent(Optional.of(token));
    fixture.enroller().enroll(fixture.host, new Enroller.Token(token));
    Map<String, String> before = fixture.snapshot();
    String unknown = dev.steward.common.pki.EnrollmentTokens.generate(new java.security.SecureRandom());
    String forH2 = fixture.newToken("h2");
    String expired = fixture.newToken("h1");
    fixture.pki.updateTokens(tokens -> new PkiDirectory.Tokens(tokens.tokens().stream()
        .map(t -> t.sha256().equals(dev.steward.common.pki.EnrollmentTokens.hash(expired))
            ? new TokenRecord(t.sha256(), t.createdAt(), Instant.now().minusSeconds(1), t.host(), null, null) : t)
        .toList()));
    // a script that retries after a success: the used token answers "already enrolled"
    assertThat(fixture.enroller().enroll(fixture.host, new Enroller.Token(token)).alreadyEnrolled()).isTrue();
    for (String[] bad : List.of(new String[] {unknown, "unknown"}, new String[] {expired, "expired"}, new String[] {forH2, "bound to host h2"},
        new String[] {"not-a-token", "not a Steward enrollment token"})) {
      assertThatThrownBy(() -> fixture.enroller().enroll(fixture.host, new Enroller.Token(bad[0])))
          .isInstanceOf(EnrollmentException.class).hasMessageContaining(bad[1])
          .satisfies(e -> assertThat(((EnrollmentException) e).badInput()).isTrue());
    }
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void aTokenAgentRefusesACertificateWithoutTheInstallersProof() throws Exception {
    fixture.startAgent(Optional.of(fixture.newToken("h1")));
    channel = ClientTls.channel(fixture.host.agentTarget(), null, null, new CapturingTrustManager());
    // an intruder with its own CA: it can get the CSR, not the token
    PkiDirectory rogue = new PkiDirectory(temp.resolve("rogue"));
    rogue.init("lab", Clock.systemUTC());
    GetCsrResponse csr = EnrollmentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getCsr(GetCsrRequest.newBuilder().setNonce(ByteString.copyFrom(new byte[32])).build());
    X509Certificate forged = rogue.authority(Clock.systemUTC()).ca().issueAgent("h1", "127.0.0.1",
        new JcaPKCS10CertificationRequest(csr.getCsrDer().toByteArray()).getPublicKey());
    Map<String, String> before = fixture.snapshot().entrySet().stream()
        .filter(e -> !e.getKey().endsWith("audit.log"))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    InstallCertificateRequest install = InstallCertificateRequest.newBuilder()
        .setCertificateDer(ByteString.copyFrom(forged.getEncoded()))
        .setCaCertificateDer(ByteString.copyFrom(rogue.credentials().ca().getEncoded()))
        .setChallenge(csr.getChallenge())
        .setProof(ByteString.copyFrom(new byte[32]))
        .build();
    StatusRuntimeException refused = refusal(() -> EnrollmentServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).installCertificate(install));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refused.getStatus().getDescription()).contains("proof does not verify");
    assertThat(fixture.agent.securityState()).isEqualTo(SecurityState.PENDING);
    // only the audit trail records the attempt
    assertThat(fixture.snapshot().entrySet().stream().filter(e -> !e.getKey().endsWith("audit.log"))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).isEqualTo(before);
    assertThat(Files.readString(fixture.root.resolve("var/lib/steward/audit.log"))).contains("REFUSED");
  }

  @Test
  void aFingerprintAgentTrustsTheFirstCaAndTheCoordinatorNoticesAnIntruder() throws Exception {
    // the residual risk of trust on first use (docs/security.md): an intruder that is faster wins the agent,
    // and the operator's enroll says so instead of going on
    fixture.startAgent(Optional.empty());
    PkiDirectory rogue = new PkiDirectory(temp.resolve("rogue"));
    rogue.init("lab", Clock.systemUTC());
    new Enroller(rogue, Clock.systemUTC(), java.time.Duration.ofSeconds(20))
        .enroll(fixture.host, new Enroller.Fingerprint(fixture.agent.fingerprint().orElseThrow()));
    assertThatThrownBy(() -> fixture.enroller().enroll(fixture.host,
        new Enroller.Fingerprint(fixture.agent.fingerprint().orElseThrow())))
        .isInstanceOf(EnrollmentException.class)
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("another CA", "TLS handshake failed"));
  }

  @Test
  void aResetAgentIsReportedAsNotEnrolledByTheConnectorAndEnrollsAgainWithANewToken() throws Exception {
    String token = fixture.newToken("h1");
    fixture.startAgent(Optional.of(token));
    fixture.enroller().enroll(fixture.host, new Enroller.Token(token));
    // on the host: stop, remove the tls directory, start with a new token
    fixture.agent.close();
    deleteTree(fixture.root.resolve("var/lib/steward/tls"));
    String second = fixture.newToken("h1");
    fixture.startAgent(Optional.of(second));
    channel = new TlsAgentConnector(fixture.pki).connect(fixture.host);
    StatusRuntimeException refused = refusal(() -> HostServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).getFacts(GetFactsRequest.getDefaultInstance()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(AgentCallException.describe(refused)).contains("is not enrolled yet").contains("steward enroll");
    Enroller.Outcome again = fixture.enroller().enroll(fixture.host, new Enroller.Token(second));
    assertThat(again.alreadyEnrolled()).isFalse();
    assertThat(fixture.pki.hosts().hosts()).hasSize(2);
    assertThat(fixture.pki.hosts().hosts().get(0).revoked()).isTrue();
  }

  @Test
  void renewingAPendingAgentIsBadInput() throws Exception {
    fixture.startAgent(Optional.empty());
    assertThatThrownBy(() -> fixture.enroller().enroll(fixture.host, new Enroller.Renew()))
        .isInstanceOf(EnrollmentException.class).hasMessageContaining("not enrolled")
        .satisfies(e -> assertThat(((EnrollmentException) e).badInput()).isTrue());
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static StatusRuntimeException refusal(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call was not refused");
  }
}
