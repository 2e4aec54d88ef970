package dev.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetFactsResponse;
import dev.steward.agent.v1.HostServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent serves mutual TLS with BouncyCastle nowhere on its class path: a real {@code AgentMain} in a
 * child JVM whose class path is this test's minus every BouncyCastle jar (the packaged agent has none), its
 * key and CSR made by the agent itself (pre-enrolment, the temporary certificate), then enrolled with a
 * test CA and called with a coordinator certificate. (Over TLS against the coordinator's real CA:
 * coordinator's MutualTlsTest, which has BouncyCastle on its class path.)
 */
class MutualTlsWithoutBouncyCastleTest {

  @TempDir
  Path temp;
  private Process agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.destroy();
      agent.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPendingAndThenAnEnrolledAgentServeTlsWithoutBouncyCastle() throws Exception {
    Path root = Files.createDirectories(temp.resolve("host"));
    Path tlsDir = AgentTlsFiles.dirIn(root.resolve("var/lib/steward"));
    TestCertificates.Ca ca = TestCertificates.ca("steward-test-ca");

    // Pending: the agent makes its key, CSR and temporary certificate in the child JVM.
    int port = freePort();
    agent = start(root, port);
    ManagedChannel pending = channel(port, null, null, null);
    try {
      awaitServing(pending);
      assertThatThrownBy(() -> HostServiceGrpc.newBlockingStub(pending).getFacts(GetFactsRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
              .isIn(Status.Code.UNAVAILABLE, Status.Code.FAILED_PRECONDITION));
    } finally {
      pending.shutdownNow();
    }
    agent.destroy();
    assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();

    // Enrolled: a certificate for the key the child JVM made (read back from its CSR).
    AgentTlsFiles files = AgentTlsFiles.open(tlsDir);
    Instant now = Instant.now();
    X509Certificate leaf = issue(ca, "CN=h1,OU=steward-agent", files.keyPair(), now, KeyPurposeId.id_kp_serverAuth,
        true);
    files.install(leaf, ca.certificate());
    KeyPair coordinatorKey = TestCertificates.keyPair();
    X509Certificate coordinator = issue(ca, "CN=coordinator,OU=steward-coordinator", coordinatorKey, now,
        KeyPurposeId.id_kp_clientAuth, false);

    port = freePort();
    agent = start(root, port);
    ManagedChannel withCertificate = channel(port, ca, coordinatorKey, coordinator);
    ManagedChannel without = channel(port, ca, null, null);
    try {
      awaitServing(withCertificate);
      GetFactsResponse facts = HostServiceGrpc.newBlockingStub(withCertificate).withDeadlineAfter(30, TimeUnit.SECONDS)
          .getFacts(GetFactsRequest.getDefaultInstance());
      assertThat(facts.isInitialized()).isTrue();
      assertThatThrownBy(() -> HostServiceGrpc.newBlockingStub(without).withDeadlineAfter(30, TimeUnit.SECONDS)
          .getFacts(GetFactsRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      withCertificate.shutdownNow();
      without.shutdownNow();
    }
  }

  private Process start(Path root, int port) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> !entry.contains("bouncycastle") && !Path.of(entry).getFileName().toString().startsWith("bc"))
        .collect(Collectors.toList());
    assertThat(entries).noneMatch(entry -> entry.contains("bcprov") || entry.contains("bcpkix"));
    assertThat(entries).anyMatch(entry -> entry.contains("grpc-netty-shaded"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-cp", String.join(File.pathSeparator, entries), "dev.steward.agent.AgentMain",
        "--root", root.toString(), "--listen", "127.0.0.1:" + port, "--backend", "supervisor"));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(temp.resolve("agent-" + port + ".log").toFile()).start();
  }

  private void awaitServing(ManagedChannel channel) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        return;
      } catch (StatusRuntimeException e) {
        if (!agent.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("agent not serving; its log:\n" + agentLog(), e);
        }
        Thread.sleep(200);
      }
    }
  }

  private String agentLog() throws Exception {
    StringBuilder out = new StringBuilder();
    try (var files = Files.list(temp)) {
      for (Path log : files.filter(p -> p.getFileName().toString().startsWith("agent-")).toList()) {
        out.append(Files.readString(log));
      }
    }
    return out.toString();
  }

  private static ManagedChannel channel(int port, TestCertificates.Ca ca, KeyPair key, X509Certificate certificate)
      throws Exception {
    SslContextBuilder tls = GrpcSslContexts.forClient();
    if (key != null) {
      tls.keyManager(key.getPrivate(), certificate);
    }
    if (key == null && certificate == null && ca == null) {
      // pending: the agent shows its temporary self-signed certificate, which nobody trusts (the coordinator
      // checks the key behind it against the CSR instead)
      tls.trustManager(InsecureTrustManagerFactory.INSTANCE);
    } else {
      tls.trustManager(ca.certificate());
    }
    return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(tls.build()).build();
  }

  private static X509Certificate issue(TestCertificates.Ca ca, String subject, KeyPair key, Instant now,
                                       KeyPurposeId usage, boolean loopbackName) throws Exception {
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        new X500Name(ca.certificate().getSubjectX500Principal().getName()), BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86400)), new X500Name(subject), key.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
    if (loopbackName) {
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    }
    return new JcaX509CertificateConverter().getCertificate(builder.build(
        new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key().getPrivate())));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
