package dev.steward.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.service.supervisor.FakeServiceMain;
import dev.steward.agent.service.supervisor.SupervisorBackend;
import dev.steward.common.testing.Eventually;
import dev.steward.agent.testing.Resources;
import dev.steward.agent.testing.Tgz;
import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ArtifactHeader;
import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.ControlServiceResponse;
import dev.steward.agent.v1.GetServiceStatusRequest;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.PushArtifactRequest;
import dev.steward.agent.v1.PushArtifactResponse;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import dev.steward.agent.v1.ServiceStatus;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent with its real supervisor: push a distribution, apply binaries + config +
 * service, see the broker process run through the unmodified JvmCommandLine argv, change the
 * config (a pending restart, no restart), restart through ServiceControl, then restart the
 * agent and find the broker adopted rather than duplicated.
 */
class AgentEndToEndTest {

  static final String DIST = "kafka_2.13-3.9.1";

  @TempDir
  Path temp;
  Path root;
  Path state;
  Agent agent;
  ManagedChannel channel;
  final List<Long> pidsToKill = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(temp.resolve("host"));
    state = root.resolve("var/lib/steward");
    startAgent();
  }

  @AfterEach
  void tearDown() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    agent.close();
    Path marker = root.resolve("markers/kafka");
    if (Files.exists(marker)) {
      Files.readAllLines(marker).stream().filter(l -> !l.isBlank()).map(Long::parseLong).forEach(pidsToKill::add);
    }
    for (long pid : pidsToKill) {
      ProcessHandle.of(pid).ifPresent(handle -> {
        handle.destroyForcibly();
        handle.onExit().join();
      });
    }
  }

  private void startAgent() throws IOException {
    String name = InProcessServerBuilder.generateName();
    AgentConfig config = new AgentConfig(new InetSocketAddress("127.0.0.1", 0), root, state,
        AgentConfig.BackendChoice.SUPERVISOR, true, null, JavaRuntimeProbe.agentJavaHome(), 64L * 1024 * 1024, null);
    agent = Agent.create(config, SupervisorBackend::new, InProcessServerBuilder.forName(name), Clock.systemUTC()).start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @Test
  void deployChangeConfigRestartAndSurviveAnAgentRestart() throws Exception {
    byte[] tgz = distribution();
    String sha = Tgz.sha512(tgz);
    assertThat(push(tgz, sha).getAlreadyPresent()).isFalse();

    List<ApplyEvent> deploy = apply("deploy", Resources.archive(DIST, sha, ServiceName.SERVICE_NAME_KAFKA),
        config("log.retention.hours=168\n"), broker());
    assertThat(deploy.subList(0, 3)).allSatisfy(e ->
        assertThat(e.getResult().getStatus()).as(e.getResult().getMessage()).isEqualTo(ResourceStatus.RESOURCE_STATUS_CHANGED));
    long firstPid = status().getMainPid();
    assertThat(firstPid).isPositive();
    Eventually.within(Duration.ofSeconds(30)).until("the broker to run", () -> markers().contains(firstPid));
    assertThat(ProcessHandle.of(firstPid).orElseThrow().info().commandLine().orElse(""))
        .contains(" kafka.Kafka " + root.resolve("etc/kafka/server.properties"));

    List<ApplyEvent> reconfigure = apply("reconfigure", Resources.archive(DIST, sha, ServiceName.SERVICE_NAME_KAFKA),
        config("log.retention.hours=72\n"), broker());
    assertThat(reconfigure.get(1).getResult().getRestartReasonsList()).singleElement()
        .satisfies(r -> assertThat(r.getKind()).isEqualTo(RestartReasonKind.RESTART_REASON_KIND_CONFIG_CHANGED));
    assertThat(reconfigure.get(2).getResult().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_UNCHANGED);
    assertThat(status().getMainPid()).as("the agent never restarts a broker by itself").isEqualTo(firstPid);
    assertThat(status().getPendingRestartsList()).hasSize(1);

    ControlServiceResponse restarted = ServiceControlServiceGrpc.newBlockingStub(channel).controlService(
        ControlServiceRequest.newBuilder().setOperationId("roll-1/kafka").setService(ServiceName.SERVICE_NAME_KAFKA)
            .setAction(ServiceAction.SERVICE_ACTION_RESTART).setReason(RestartReasonKind.RESTART_REASON_KIND_CONFIG_CHANGED)
            .build());
    long secondPid = restarted.getStatus().getMainPid();
    assertThat(secondPid).isNotEqualTo(firstPid);
    assertThat(restarted.getStatus().getPendingRestartsList()).isEmpty();
    assertThat(restarted.getStatus().getLastExitStatus()).isEqualTo(143);
    Eventually.within(Duration.ofSeconds(30)).until("the restarted broker", () -> markers().contains(secondPid));

    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    agent.close();
    assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false))
        .as("the broker outlives the agent").isTrue();
    startAgent();

    ServiceStatus adopted = status();
    assertThat(adopted.getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE);
    assertThat(adopted.getMainPid()).isEqualTo(secondPid);
    assertThat(markers()).as("no duplicate broker was started").containsExactly(firstPid, secondPid);
    assertThat(apply("again", Resources.archive(DIST, sha, ServiceName.SERVICE_NAME_KAFKA),
        config("log.retention.hours=72\n"), broker()).get(3).getSummary().getUnchanged()).isEqualTo(3);
  }

  // ------------------------------------------------------------------ fixtures

  private Resource config(String properties) {
    return Resources.file("/etc/kafka/server.properties", "marker=" + root.resolve("markers/kafka") + "\n" + properties,
        ServiceName.SERVICE_NAME_KAFKA);
  }

  private Resource broker() throws IOException {
    Files.createDirectories(root.resolve("markers"));
    return Resource.newBuilder().setId("service:kafka").setService(ServiceResource.newBuilder()
        .setService(ServiceName.SERVICE_NAME_KAFKA)
        .setState(ServiceRunState.SERVICE_RUN_STATE_RUNNING)
        .setLaunch(JvmLaunch.newBuilder()
            .setInstallDir("/opt/kafka")
            .setConfigFile("/etc/kafka/server.properties")
            .setLogDir("/var/log/kafka")
            .addHeapOptions("-Xmx32m")
            .addJvmOptions("-XX:TieredStopAtLevel=1")
            .setStopTimeoutSeconds(20)))
        .build();
  }

  private List<ApplyEvent> apply(String id, Resource... resources) {
    List<ApplyEvent> events = new ArrayList<>();
    ResourceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
        .apply(ApplyRequest.newBuilder().setOperationId(id).addAllResources(List.of(resources)).build())
        .forEachRemaining(events::add);
    return events;
  }

  private ServiceStatus status() {
    return ServiceControlServiceGrpc.newBlockingStub(channel).getServiceStatus(GetServiceStatusRequest.newBuilder()
        .setService(ServiceName.SERVICE_NAME_KAFKA).build()).getStatus();
  }

  private List<Long> markers() {
    try {
      Path marker = root.resolve("markers/kafka");
      return Files.exists(marker)
          ? Files.readAllLines(marker).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList()
          : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private PushArtifactResponse push(byte[] tgz, String sha) {
    CompletableFuture<PushArtifactResponse> result = new CompletableFuture<>();
    StreamObserver<PushArtifactRequest> upload = ArtifactServiceGrpc.newStub(channel).pushArtifact(new StreamObserver<>() {
      @Override
      public void onNext(PushArtifactResponse value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
      }
    });
    upload.onNext(PushArtifactRequest.newBuilder().setHeader(ArtifactHeader.newBuilder()
        .setName(DIST + ".tgz").setSha512(sha).setSize(tgz.length)).build());
    for (int offset = 0; offset < tgz.length; offset += 4096) {
      upload.onNext(PushArtifactRequest.newBuilder()
          .setChunk(ByteString.copyFrom(tgz, offset, Math.min(4096, tgz.length - offset))).build());
    }
    upload.onCompleted();
    return result.join();
  }

  /** A Kafka-shaped tgz whose libs/ jar holds the stand-in kafka.Kafka main class. */
  private static byte[] distribution() throws IOException {
    ByteArrayOutputStream jarBytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(jarBytes)) {
      for (Class<?> type : List.of(kafka.Kafka.class, FakeServiceMain.class)) {
        String resource = type.getName().replace('.', '/') + ".class";
        jar.putNextEntry(new JarEntry(resource));
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
          in.transferTo(jar);
        }
        jar.closeEntry();
      }
    }
    ByteArrayOutputStream tgz = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(tgz))) {
      addFile(tar, DIST + "/libs/fake-kafka.jar", jarBytes.toByteArray());
      addFile(tar, DIST + "/config/log4j.properties", "log4j.rootLogger=INFO\n".getBytes());
    }
    return tgz.toByteArray();
  }

  private static void addFile(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    entry.setMode(0100644);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
