package dev.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may call what, from plain data. */
class AuthorizationTest {

  static final String RESOURCES = "steward.agent.v1.ResourceService";
  static X509Certificate coordinator;
  static X509Certificate agent;
  static X509Certificate agentWithClientAuth;
  static X509Certificate coordinatorOuServerOnly;
  static X509Certificate noRole;
  static X509Certificate twoRoles;
  static X509Certificate observer;
  static X509Certificate observerServerOnly;

  @BeforeAll
  static void certificates() throws Exception {
    TestCertificates.Ca ca = TestCertificates.ca("Steward CA test");
    Instant now = Instant.now();
    Instant later = now.plusSeconds(3600);
    coordinator = ca.issue("CN=steward-coordinator lab,OU=steward-coordinator", TestCertificates.keyPair().getPublic(),
        now, later, TestCertificates.CLIENT_AUTH);
    agent = ca.issue("CN=h1,OU=steward-agent", TestCertificates.keyPair().getPublic(), now, later,
        TestCertificates.SERVER_AUTH);
    agentWithClientAuth = ca.issue("CN=h1,OU=steward-agent", TestCertificates.keyPair().getPublic(), now, later,
        TestCertificates.SERVER_AUTH, TestCertificates.CLIENT_AUTH);
    coordinatorOuServerOnly = ca.issue("CN=x,OU=steward-coordinator", TestCertificates.keyPair().getPublic(), now,
        later, TestCertificates.SERVER_AUTH);
    noRole = ca.issue("CN=someone", TestCertificates.keyPair().getPublic(), now, later, TestCertificates.CLIENT_AUTH);
    twoRoles = ca.issue("CN=both,OU=steward-coordinator,OU=steward-agent", TestCertificates.keyPair().getPublic(), now,
        later, TestCertificates.CLIENT_AUTH, TestCertificates.SERVER_AUTH);
    observer = ca.issue("CN=oncall,OU=steward-observer", TestCertificates.keyPair().getPublic(), now, later,
        TestCertificates.CLIENT_AUTH);
    observerServerOnly = ca.issue("CN=oncall,OU=steward-observer", TestCertificates.keyPair().getPublic(), now, later,
        TestCertificates.SERVER_AUTH);
  }

  @Test
  void anObserverCertificateMayReadLogsOnly() {
    Authorization.Decision logs = Authorization.decide(SecurityState.ENROLLED, Authorization.LOGS, List.of(observer));
    assertThat(logs.allowed()).isTrue();
    assertThat(logs.caller().name()).startsWith("CN=oncall,serial=");
    assertThat(Authorization.decide(SecurityState.ENROLLED, Authorization.HEALTH, List.of(observer)).allowed()).isTrue();
    for (String other : List.of(RESOURCES, Authorization.ENROLLMENT, "steward.agent.v1.ServiceControlService",
        "steward.agent.v1.DataService", "steward.agent.v1.AuditService", "steward.agent.v1.ArtifactService")) {
      Authorization.Decision refused = Authorization.decide(SecurityState.ENROLLED, other, List.of(observer));
      assertThat(refused.refusal()).as(other).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(refused.message()).contains("steward-observer").contains("logs");
    }
    assertThat(Authorization.decide(SecurityState.ENROLLED, Authorization.LOGS, List.of(observerServerOnly)).refusal())
        .as("an observer OU without clientAuth has no role").isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(Authorization.decide(SecurityState.ENROLLED, Authorization.LOGS, List.of(coordinator)).allowed()).isTrue();
    for (X509Certificate wrong : List.of(agent, noRole, twoRoles)) {
      assertThat(Authorization.decide(SecurityState.ENROLLED, Authorization.LOGS, List.of(wrong)).allowed()).isFalse();
    }
    assertThat(Authorization.decide(SecurityState.PENDING, Authorization.LOGS, List.of(observer)).refusal())
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void healthIsAlwaysOpen() {
    for (SecurityState state : SecurityState.values()) {
      assertThat(Authorization.decide(state, Authorization.HEALTH, List.of()).allowed()).isTrue();
    }
  }

  @Test
  void insecureLoopbackAllowsEveryCallAsInsecureLoopback() {
    Authorization.Decision decision = Authorization.decide(SecurityState.INSECURE, RESOURCES, List.of());
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.caller()).isEqualTo(CallerIdentity.INSECURE_LOOPBACK);
  }

  @Test
  void aPendingAgentServesEnrollmentOnly() {
    assertThat(Authorization.decide(SecurityState.PENDING, Authorization.ENROLLMENT, List.of()).allowed()).isTrue();
    Authorization.Decision refused = Authorization.decide(SecurityState.PENDING, RESOURCES, List.of(coordinator));
    assertThat(refused.refusal()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.message()).contains("not enrolled").contains("steward enroll");
  }

  @Test
  void anEnrolledAgentNeedsACoordinatorCertificate() {
    assertThat(Authorization.decide(SecurityState.ENROLLED, RESOURCES, List.of()).refusal())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    for (X509Certificate wrong : List.of(agent, agentWithClientAuth, coordinatorOuServerOnly, noRole, twoRoles)) {
      Authorization.Decision refused = Authorization.decide(SecurityState.ENROLLED, RESOURCES, List.of(wrong));
      assertThat(refused.refusal()).as(wrong.getSubjectX500Principal().getName())
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(refused.message()).contains("only a steward-coordinator certificate");
    }
    assertThat(Authorization.decide(SecurityState.ENROLLED, Authorization.ENROLLMENT, List.of(agent)).refusal())
        .as("renewals too").isEqualTo(Status.Code.PERMISSION_DENIED);
    Authorization.Decision allowed = Authorization.decide(SecurityState.ENROLLED, RESOURCES, List.of(coordinator));
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.caller().name()).startsWith("CN=steward-coordinator lab,serial=");
  }
}
