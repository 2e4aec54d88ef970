package dev.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.Agent;
import dev.steward.agent.AgentConfig;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.testing.FakeServiceBackend;
import dev.steward.agent.testing.Resources;
import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.AuditServiceGrpc;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetServiceStatusRequest;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.ReadAuditRequest;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.WatchOperationRequest;
import dev.steward.common.pki.EnrollmentTokens;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret file goes through plan, apply, a changed secret, a replay and a watch; then the
 * agent's log (stderr), the audit log, the operation journal and every other file of the
 * state directory, the streamed plan/diff output, facts, status and the audit RPC are
 * searched for the secret, and for its plain SHA-256 (a short password's hash is a guess away).
 */
class SecretLeakTest {

  static final String SECRET = "cdc_password123";
  static final String NEW_SECRET = "cdc_password456";

  @TempDir
  Path temp;

  @Test
  void aSecretFileNeverShowsInLogsPlansAuditJournalOrStatus() throws Exception {
    Path root = Files.createDirectories(temp.resolve("host"));
    Path state = root.resolve("var/lib/steward");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(new Tee(original, log), true, StandardCharsets.UTF_8));
    StringBuilder output = new StringBuilder();
    String name = InProcessServerBuilder.generateName();
    Agent agent = null;
    ManagedChannel channel = null;
    try {
      AgentConfig config = new AgentConfig(new InetSocketAddress("127.0.0.1", 0), root, state,
          AgentConfig.BackendChoice.SUPERVISOR, true, null, JavaRuntimeProbe.agentJavaHome(), 1 << 20, null);
      agent = Agent.create(config, (hostRoot, stateDir, javaHome, events, clock) -> new FakeServiceBackend(events),
          InProcessServerBuilder.forName(name), Clock.systemUTC()).start();
      channel = InProcessChannelBuilder.forName(name).build();
      String path = "/etc/kafka/connect-db.password";
      ResourceServiceGrpc.ResourceServiceBlockingStub resources = ResourceServiceGrpc.newBlockingStub(channel);

      List<ApplyEvent> plan = collect(resources.apply(request("plan", true, path, SECRET)));
      assertThat(plan.get(0).getResult().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE);
      List<ApplyEvent> applied = collect(resources.apply(request("apply", false, path, SECRET)));
      assertThat(applied.get(0).getResult().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_CHANGED);
      assertThat(root.resolve("etc/kafka/connect-db.password")).hasContent(SECRET);
      List<ApplyEvent> changed = collect(resources.apply(request("change", false, path, NEW_SECRET)));
      assertThat(changed.get(0).getResult().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_CHANGED);
      List<ApplyEvent> replayed = collect(resources.apply(request("apply", false, path, SECRET)));
      List<ApplyEvent> watched = collect(resources.watchOperation(WatchOperationRequest.newBuilder()
          .setOperationId("change").build()));
      for (List<ApplyEvent> events : List.of(plan, applied, changed, replayed, watched)) {
        events.forEach(event -> output.append(event).append('\n'));
      }
      output.append(HostServiceGrpc.newBlockingStub(channel).getFacts(GetFactsRequest.newBuilder()
          .addPaths("/etc/kafka").build()));
      output.append(ServiceControlServiceGrpc.newBlockingStub(channel).getServiceStatus(GetServiceStatusRequest
          .newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA).build()));
      String audit = AuditServiceGrpc.newBlockingStub(channel).readAudit(ReadAuditRequest.getDefaultInstance())
          .toString();
      assertThat(audit).contains("hmac-sha256:").contains("file:" + path);
      output.append(audit);
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      if (agent != null) {
        agent.close();
      }
      System.setErr(original);
    }

    // the JSON files hold bytes as base64: look for that too (every alignment of the secret in a longer value)
    List<String> forbidden = new ArrayList<>(List.of(SECRET, NEW_SECRET, sha256(SECRET), sha256(NEW_SECRET),
        sha256(SECRET).substring(0, 12), sha256(NEW_SECRET).substring(0, 12)));
    for (String secret : List.of(SECRET, NEW_SECRET)) {
      for (String prefix : List.of("", "a", "ab")) {
        String encoded = java.util.Base64.getEncoder().encodeToString((prefix + secret).getBytes(StandardCharsets.UTF_8));
        forbidden.add(encoded.substring(prefix.isEmpty() ? 0 : 4, encoded.length() - 4));
      }
    }
    String logText = log.toString(StandardCharsets.UTF_8);
    assertThat(logText).as("the agent logged something").contains("operation apply");
    for (String secret : forbidden) {
      assertThat(logText).as("agent log (stderr)").doesNotContain(secret);
      assertThat(output.toString()).as("plan/diff output, facts, status, audit RPC").doesNotContain(secret);
    }
    try (Stream<Path> files = Files.walk(state)) {
      List<Path> all = new ArrayList<>(files.filter(Files::isRegularFile).toList());
      assertThat(all).as("the journal and the audit log exist")
          .anyMatch(p -> p.getFileName().toString().equals("audit.log"))
          .anyMatch(p -> p.getParent().getFileName().toString().equals("operations"));
      for (Path file : all) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String secret : forbidden) {
          assertThat(content).as(state.relativize(file).toString()).doesNotContain(secret);
        }
      }
    }
  }

  @Test
  void theEnrollmentTokenIsNeverLoggedNorStored() throws Exception {
    String token = EnrollmentTokens.generate(new SecureRandom());
    Path root = Files.createDirectories(temp.resolve("tls-host"));
    Path state = root.resolve("var/lib/steward");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(new Tee(original, log), true, StandardCharsets.UTF_8));
    Agent agent = null;
    try {
      AgentConfig config = new AgentConfig(new InetSocketAddress("127.0.0.1", 0), root, state,
          AgentConfig.BackendChoice.SUPERVISOR, false, null, JavaRuntimeProbe.agentJavaHome(), 1 << 20, null);
      agent = Agent.create(config, new Agent.Tls(new InetSocketAddress("127.0.0.1", 0), Optional.of(token)),
          (hostRoot, stateDir, javaHome, events, clock) -> new FakeServiceBackend(events), Clock.systemUTC()).start();
      assertThat(agent.securityState()).isEqualTo(SecurityState.PENDING);
    } finally {
      if (agent != null) {
        agent.close();
      }
      System.setErr(original);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("NOT ENROLLED").contains("SHA256:")
        .doesNotContain(token).doesNotContain(token.substring(EnrollmentTokens.PREFIX.length()));
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(token);
      }
    }
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
        state.resolve("tls/agent.key")))).isEqualTo("rw-------");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
        state.resolve("tls")))).isEqualTo("rwx------");
  }

  private static ApplyRequest request(String id, boolean dryRun, String path, String secret) {
    return ApplyRequest.newBuilder().setOperationId(id).setDryRun(dryRun).setRecordAsDesired(!dryRun)
        .addResources(Resources.file(path, secret, 0600, true, ServiceName.SERVICE_NAME_KAFKA_CONNECT)).build();
  }

  private static List<ApplyEvent> collect(java.util.Iterator<ApplyEvent> events) {
    List<ApplyEvent> all = new ArrayList<>();
    events.forEachRemaining(all::add);
    return all;
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes to both. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
