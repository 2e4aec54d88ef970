package dev.steward.coordinator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.steward.agent.security.SecurityState;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.AuditEntry;
import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.EnrollmentServiceGrpc;
import dev.steward.agent.v1.FileResource;
import dev.steward.agent.v1.GetCsrRequest;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.ReadAuditRequest;
import dev.steward.agent.v1.AuditServiceGrpc;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.Role;
import dev.steward.coordinator.agent.AgentCallException;
import dev.steward.coordinator.agent.AgentClient;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS on 127.0.0.1 between the coordinator's code and a real agent (grpc-netty-shaded,
 * real sockets): the agent enrolled through the token flow, then every kind of wrong caller
 * refused without any change under the agent's root, and the coordinator's certificate
 * working. Where the refusal is the TLS handshake itself the test name says UNAVAILABLE.
 */
class MutualTlsTest {

  @TempDir
  Path temp;
  TlsAgentFixture fixture;
  final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void enrollAnAgent() throws Exception {
    fixture = new TlsAgentFixture(temp);
    String token = fixture.newToken("h1");
    fixture.startAgent(Optional.of(token));
    assertThat(fixture.agent.securityState()).isEqualTo(SecurityState.PENDING);
    Enroller.Outcome outcome = fixture.enroller().enroll(fixture.host, new Enroller.Token(token));
    assertThat(outcome.alreadyEnrolled()).isFalse();
    assertThat(fixture.agent.securityState()).isEqualTo(SecurityState.ENROLLED);
  }

  @AfterEach
  void tearDown() {
    channels.forEach(ManagedChannel::shutdownNow);
    fixture.close();
  }

  // ------------------------------------------------------------------ the coordinator's certificate works

  @Test
  void theCoordinatorCertificateWorksAndIsTheAuditedCaller() throws Exception {
    try (AgentClient client = new AgentClient("h1", new TlsAgentConnector(fixture.pki).connect(fixture.host))) {
      assertThat(client.facts(List.of()).getInsecure()).isFalse();
      List<ResourceStatus> statuses = new ArrayList<>();
      client.apply(fileRequest("op-ok", "/etc/kafka/x.properties", "a=1\n"),
          event -> statuses.add(event.getResult().getStatus()));
      assertThat(statuses.get(0)).isEqualTo(ResourceStatus.RESOURCE_STATUS_CHANGED);
      assertThat(fixture.root.resolve("etc/kafka/x.properties")).hasContent("a=1");
      List<AuditEntry> audit = client.readAudit(100).getEntriesList();
      assertThat(audit).anySatisfy(entry -> {
        assertThat(entry.getAction()).isEqualTo("apply");
        assertThat(entry.getResource()).isEqualTo("file:/etc/kafka/x.properties");
        assertThat(entry.getCaller()).startsWith("CN=steward-coordinator lab,serial=");
        assertThat(entry.getOperationId()).isEqualTo("op-ok");
        assertThat(entry.getBefore()).isEqualTo("absent");
        assertThat(entry.getAfter()).startsWith("sha256:");
      });
      assertThat(audit).anySatisfy(entry -> assertThat(entry.getAction()).isEqualTo("install-certificate"));
    }
  }

  // ------------------------------------------------------------------ an observer certificate (steward ca issue-observer)

  /**
   * Only what an observer holds: its certificate and key and the CA's certificate, in a directory
   * without the CA key, the coordinator's key or hosts.json. It reads the agent's own log and is
   * refused everything else with PERMISSION_DENIED, nothing changing under the agent's root.
   */
  @Test
  void anIssuedObserverCertificateReadsLogsAndIsRefusedEverythingElsePermissionDenied() throws Exception {
    CertificateAuthority.Issued observer = fixture.pki.authority(Clock.systemUTC()).ca()
        .issueObserver("alice", Duration.ofDays(7));
    Files.writeString(fixture.agentLog, "2026-12-06T01:02:03.456+00:00 INFO AgentMain - steward-agent serving\n"
        + "2026-12-06T01:02:04.000+00:00 WARN Foo - second line\n");
    PkiDirectory observersOwn = new PkiDirectory(Files.createDirectories(temp.resolve("alice")));
    TlsAgentConnector connector = TlsAgentConnector.withIdentity(fixture.pki.credentials().ca(),
        observer.keyPair().getPrivate(), observer.certificate(), observersOwn);
    ManagedChannel channel = connector.connect(fixture.host);
    channels.add(channel);
    List<String> lines = new ArrayList<>();
    java.util.concurrent.CompletableFuture<AgentCallException> done = new java.util.concurrent.CompletableFuture<>();
    try (AgentClient client = new AgentClient("h1", channel)) {
      client.readLogs(dev.steward.agent.v1.ReadLogsRequest.newBuilder().setAgent(true).build(),
          new AgentClient.LogLines() {
            @Override
            public void line(dev.steward.agent.v1.LogLine line) {
              lines.add(line.getText());
            }

            @Override
            public void completed() {
              done.complete(null);
            }

            @Override
            public void failed(AgentCallException error) {
              done.complete(error);
            }
          });
      assertThat(done.get(20, TimeUnit.SECONDS)).as("the observer's read of the agent's log").isNull();
    }
    assertThat(lines).containsExactly("2026-12-06T01:02:03.456+00:00 INFO AgentMain - steward-agent serving",
        "2026-12-06T01:02:04.000+00:00 WARN Foo - second line");
    ManagedChannel again = connector.connect(fixture.host);
    channels.add(again);
    assertEveryCallRefused(again, Status.Code.PERMISSION_DENIED);
  }

  @Test
  void healthStaysOpenWithoutACertificateForReadinessProbes() {
    ManagedChannel channel = channel(null, null);
    assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  // ------------------------------------------------------------------ refused callers, nothing changes

  @Test
  void noClientCertificateIsRefusedUnauthenticated() {
    assertEveryCallRefused(channel(null, null), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aCertificateFromAnotherCaFailsTheHandshakeUnavailable() throws Exception {
    PkiDirectory other = new PkiDirectory(temp.resolve("other-pki"));
    PkiDirectory.Credentials foreign = other.init("lab", Clock.systemUTC());
    assertEveryCallRefused(channel(foreign.coordinatorKey(), foreign.coordinatorCertificate()),
        Status.Code.UNAVAILABLE);
  }

  @Test
  void anExpiredCoordinatorCertificateFailsTheHandshakeUnavailable() throws Exception {
    Instant now = Instant.now();
    KeyPair key = CertificateAuthority.newKeyPair();
    X509Certificate expired = ca().issue(new CertificateAuthority.Spec("steward-coordinator old",
        Role.COORDINATOR.organizationalUnit(), key.getPublic(), now.minus(Duration.ofDays(30)),
        now.minus(Duration.ofDays(1)), List.of(), List.of(Certificates.CLIENT_AUTH)));
    assertEveryCallRefused(channel(key.getPrivate(), expired), Status.Code.UNAVAILABLE);
  }

  @Test
  void anAgentsOwnCertificateFailsTheHandshakeUnavailableForItIsServerAuthOnly() throws Exception {
    // what an agent holds: OU steward-agent, serverAuth only; its key is the agent's
    PrivateKey agentKey = dev.steward.common.pki.Pem.ecPrivateKey(Files.readString(
        fixture.root.resolve("var/lib/steward/tls/agent.key")));
    X509Certificate agentCertificate = dev.steward.common.pki.Pem.certificate(Files.readString(
        fixture.root.resolve("var/lib/steward/tls/agent.crt")));
    assertThat(Certificates.role(agentCertificate)).contains(Role.AGENT);
    assertEveryCallRefused(channel(agentKey, agentCertificate), Status.Code.UNAVAILABLE);
  }

  @Test
  void anAgentRoleCertificateUsableAsClientIsRefusedPermissionDenied() throws Exception {
    // even a CA-issued certificate that may authenticate clients is refused for its role
    KeyPair key = CertificateAuthority.newKeyPair();
    Instant now = Instant.now();
    X509Certificate agentRole = ca().issue(new CertificateAuthority.Spec("h2", Role.AGENT.organizationalUnit(),
        key.getPublic(), now.minusSeconds(60), now.plus(Duration.ofDays(1)), List.of("127.0.0.2"),
        List.of(Certificates.SERVER_AUTH, Certificates.CLIENT_AUTH)));
    assertEveryCallRefused(channel(key.getPrivate(), agentRole), Status.Code.PERMISSION_DENIED);
  }

  @Test
  void aCertificateWithoutARoleIsRefusedPermissionDenied() throws Exception {
    KeyPair key = CertificateAuthority.newKeyPair();
    Instant now = Instant.now();
    X509Certificate noRole = ca().issue(new CertificateAuthority.Spec("someone", null, key.getPublic(),
        now.minusSeconds(60), now.plus(Duration.ofDays(1)), List.of(), List.of(Certificates.CLIENT_AUTH)));
    assertEveryCallRefused(channel(key.getPrivate(), noRole), Status.Code.PERMISSION_DENIED);
  }

  @Test
  void aForgottenHostIsRefusedByTheCoordinatorInTheHandshakeUnavailable() throws Exception {
    ManagedChannel channel = new TlsAgentConnector(fixture.pki).connect(fixture.host);
    channels.add(channel);
    forget("h1");
    Map<String, String> before = fixture.snapshot();
    StatusRuntimeException refused = refusal(() -> ResourceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).apply(fileRequest("op-forgotten", "/etc/evil", "x")).next());
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(AgentCallException.describe(refused)).contains("not in force");
    assertThat(fixture.snapshot()).isEqualTo(before);
    // and a new connection is not even attempted
    assertThatThrownBy(() -> new TlsAgentConnector(fixture.pki).connect(fixture.host))
        .hasMessageContaining("not enrolled (or was forgotten)");
  }

  @Test
  void aRenewalSupersedesTheOldCertificate() throws Exception {
    String oldSerial = fixture.pki.hosts().current("h1").orElseThrow().serial();
    Enroller.Outcome renewed = fixture.enroller().enroll(fixture.host, new Enroller.Renew());
    assertThat(renewed.host().serial()).isNotEqualTo(oldSerial);
    assertThat(fixture.pki.hosts().hosts()).filteredOn(h -> h.serial().equals(oldSerial))
        .singleElement().satisfies(h -> assertThat(h.revoked()).isTrue());
    try (AgentClient client = new AgentClient("h1", new TlsAgentConnector(fixture.pki).connect(fixture.host))) {
      assertThat(client.facts(List.of()).getHostname()).isNotEmpty();
    }
  }

  @Test
  void enrollingAnEnrolledHostAgainIsANoOpThatKeepsTheToken() throws Exception {
    String token = fixture.newToken("h1");
    Enroller.Outcome again = fixture.enroller().enroll(fixture.host, new Enroller.Token(token));
    assertThat(again.alreadyEnrolled()).isTrue();
    assertThat(fixture.pki.tokens().tokens()).filteredOn(t -> t.usedAt() == null).hasSize(1);
  }

  @Test
  void theUsedTokenCannotEnrollAgain() throws Exception {
    String used = fixture.pki.tokens().tokens().get(0).sha256();
    assertThat(fixture.pki.tokens().tokens().get(0).usedBy()).isEqualTo("h1");
    assertThat(used).hasSize(64);
  }

  // ------------------------------------------------------------------ helpers

  private void forget(String name) throws Exception {
    Instant now = Instant.now();
    fixture.pki.updateHosts(hosts -> new PkiDirectory.Hosts(hosts.hosts().stream()
        .map(h -> h.name().equals(name) && !h.revoked() ? h.revoke(now, "forgotten") : h).toList()));
  }

  private CertificateAuthority ca() throws Exception {
    return fixture.pki.authority(Clock.systemUTC()).ca();
  }

  /** A channel to the agent with this client key (null: none), trusting whatever the agent presents. */
  private ManagedChannel channel(PrivateKey key, X509Certificate certificate) {
    ManagedChannel channel = ClientTls.channel(fixture.host.agentTarget(), key, certificate,
        new CapturingTrustManager());
    channels.add(channel);
    return channel;
  }

  /** Reads, mutations and enrollment all refused with {@code code}; the agent's whole root unchanged. */
  private void assertEveryCallRefused(ManagedChannel channel, Status.Code code) {
    Map<String, String> before = fixture.snapshot();
    List<Consumer<ManagedChannel>> calls = List.of(
        c -> HostServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
            .getFacts(GetFactsRequest.getDefaultInstance()),
        c -> ResourceServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
            .apply(fileRequest("op-evil", "/etc/evil.properties", "pwned=1\n")).next(),
        c -> ServiceControlServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
            .controlService(ControlServiceRequest.newBuilder().setOperationId("stop-evil")
                .setService(ServiceName.SERVICE_NAME_KAFKA).setAction(ServiceAction.SERVICE_ACTION_STOP).build()),
        c -> AuditServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
            .readAudit(ReadAuditRequest.getDefaultInstance()),
        c -> EnrollmentServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
            .getCsr(GetCsrRequest.newBuilder().setNonce(ByteString.copyFrom(new byte[16])).build()));
    for (Consumer<ManagedChannel> call : calls) {
      StatusRuntimeException refused = refusal(() -> call.accept(channel));
      assertThat(refused.getStatus().getCode()).as(refused.getStatus().toString()).isEqualTo(code);
    }
    assertThat(fixture.snapshot()).as("the agent's root after refused calls").isEqualTo(before);
    assertThat(fixture.root.resolve("etc/evil.properties")).doesNotExist();
  }

  private static StatusRuntimeException refusal(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call was not refused");
  }

  static ApplyRequest fileRequest(String operation, String path, String content) {
    return ApplyRequest.newBuilder().setOperationId(operation)
        .addResources(Resource.newBuilder().setId("file:" + path).setFile(FileResource.newBuilder().setPath(path)
            .setContent(ByteString.copyFrom(content, StandardCharsets.UTF_8)).setMode(0644)))
        .build();
  }
}
