package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.InspectInstallationRequest;
import dev.steward.agent.v1.InspectInstallationResponse;
import dev.steward.agent.v1.InstallationServiceGrpc;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.adopt.GuideHosts;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `steward adopt` against real gRPC servers on 127.0.12.1-3 that answer InspectInstallation with the
 * guide's files (addresses moved to loopback) and count every call, so "only reads" is observed.
 */
class AdoptCliTest {

  static final String PREFIX = "127.0.12.";

  @TempDir
  Path dir;

  private final List<Server> servers = new ArrayList<>();
  private final Map<String, Integer> calls = new ConcurrentHashMap<>();
  private int port;

  record Run(int exit, String out, String err) {
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = StewardMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Agents answering as the guide's nodes; {@code change} edits node {@code which}'s answer. */
  void agents(int which, UnaryOperator<InspectInstallationResponse.Builder> change) throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(PREFIX + "1"))) {
      port = probe.getLocalPort();
    }
    ServerInterceptor counting = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        calls.merge(call.getMethodDescriptor().getBareMethodName(), 1, Integer::sum);
        return next.startCall(call, headers);
      }
    };
    for (int node = 1; node <= 3; node++) {
      InspectInstallationResponse.Builder answer = GuideHosts.onAddresses(node, PREFIX);
      InspectInstallationResponse response = (node == which ? change.apply(answer) : answer).build();
      servers.add(NettyServerBuilder.forAddress(new InetSocketAddress(PREFIX + node, port))
          .addService(new InstallationServiceGrpc.InstallationServiceImplBase() {
            @Override
            public void inspectInstallation(InspectInstallationRequest request,
                StreamObserver<InspectInstallationResponse> observer) {
              observer.onNext(response);
              observer.onCompleted();
            }
          })
          .addService(new ResourceServiceGrpc.ResourceServiceImplBase() { })
          .addService(new ServiceControlServiceGrpc.ServiceControlServiceImplBase() { })
          .intercept(counting)
          .build().start());
    }
  }

  @AfterEach
  void stopAgents() {
    servers.forEach(Server::shutdownNow);
  }

  private Run adopt(Path output, String... more) {
    List<String> args = new ArrayList<>(List.of("adopt", "--plaintext", "--agent-port", String.valueOf(port),
        "--hosts", "cpu-node1=" + PREFIX + "1,cpu-node2=" + PREFIX + "2,worker-node3=" + PREFIX + "3",
        "-o", output.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void adoptWritesAnInventoryTheParserLoadsAndOnlyReads() throws Exception {
    agents(0, b -> b);
    Path output = dir.resolve("homelab.yaml");
    Run run = adopt(output);

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.OK);
    Inventory inventory = new InventoryLoader(ValidationOptions.strict()).load(output).inventory();
    assertThat(inventory.cluster()).as("named after the file").isEqualTo("homelab");
    assertThat(inventory.hosts()).extracting(HostSpec::name, h -> h.brokerId().getAsInt(),
        h -> h.zookeeperId().getAsInt()).containsExactly(
            org.assertj.core.groups.Tuple.tuple("cpu-node1", 1, 1),
            org.assertj.core.groups.Tuple.tuple("cpu-node2", 2, 2),
            org.assertj.core.groups.Tuple.tuple("worker-node3", 3, 3));
    assertThat(inventory.agent().port()).isEqualTo(port);
    assertThat(inventory.agent().tls()).isFalse();
    assertThat(run.out()).contains("nothing on the hosts was changed or restarted")
        .contains("cpu-node1  zookeeper.service active pid 1001, kafka.service active pid 2001")
        .contains("mismatches between hosts: none")
        .contains("unit-type-forking [cpu-node1, cpu-node2, worker-node3]")
        .contains("zookeeper-four-letter-words").contains("kafka-home-not-a-link")
        .doesNotContain("would still change");
    assertThat(calls).as("one read per host, nothing else").containsExactly(Map.entry("InspectInstallation", 3));
  }

  @Test
  void aMismatchIsPrintedAndWrittenAsAComment() throws Exception {
    agents(3, b -> GuideHosts.withServerProperties(b, t -> t.replace("num.io.threads=8", "num.io.threads=16")));
    Path output = dir.resolve("homelab.yaml");
    Run run = adopt(output);
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("server.properties num.io.threads differs between hosts")
        .contains("worker-node3=16");
    assertThat(Files.readString(output)).contains("# mismatch: server.properties num.io.threads");
  }

  @Test
  void aHostWithoutKafkaIsRefusedAndNothingIsWritten() throws Exception {
    agents(2, b -> b.setKafkaHomeExists(false).clearKafkaJars());
    Path output = dir.resolve("homelab.yaml");
    Run run = adopt(output);
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("refusing to adopt: cpu-node2: no Kafka under /opt/kafka");
    assertThat(output).doesNotExist();
  }

  @Test
  void twoKafkaVersionsOnAHostAreRefused() throws Exception {
    agents(1, b -> b.addKafkaJars("kafka_2.13-3.8.1.jar"));
    Run run = adopt(dir.resolve("homelab.yaml"));
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("cpu-node1").contains("kafka_2.13-3.8.1.jar");
  }

  @Test
  void anExistingInventoryIsNotReplacedWithoutForce() throws Exception {
    agents(0, b -> b);
    Path output = dir.resolve("homelab.yaml");
    Files.writeString(output, "mine\n");
    Run run = adopt(output);
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("exists").contains("--force");
    assertThat(Files.readString(output)).isEqualTo("mine\n");
    assertThat(calls).as("refused before any agent was asked").isEmpty();
    assertThat(adopt(output, "--force").exit()).isEqualTo(ExitCode.OK);
    assertThat(Files.readString(output)).contains("cluster: homelab");
  }

  @Test
  void anAgentThatDoesNotAnswerStopsTheAdoption() throws Exception {
    agents(0, b -> b);
    servers.get(2).shutdownNow().awaitTermination();
    Path output = dir.resolve("homelab.yaml");
    Run run = adopt(output);
    assertThat(run.exit()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err()).contains("cannot adopt without every host's answer").contains("worker-node3");
    assertThat(output).doesNotExist();
  }

  @Test
  void hostsAreNamedAsGivenOrByTheirEnrolledNameOrAddress() {
    List<HostSpec> targets = AdoptCommand.targets(List.of("a=10.0.0.1", "10.0.0.2", "10.0.0.3"), 7443,
        Map.of("10.0.0.3", "broker-3"));
    assertThat(targets).extracting(HostSpec::name).containsExactly("a", "10.0.0.2", "broker-3");
    assertThat(targets.get(0).zookeeperId()).isEqualTo(OptionalInt.empty());
    assertThatThrownBy(() -> AdoptCommand.targets(List.of("a=10.0.0.1", "A=10.0.0.2"), 7443, Map.of()))
        .hasMessageContaining("already given");
    assertThatThrownBy(() -> AdoptCommand.targets(List.of("bad name=10.0.0.1"), 7443, Map.of()))
        .hasMessageContaining("not a host name");
    assertThat(AdoptCommand.clusterName(null, Path.of("/x/homelab.yaml"))).isEqualTo("homelab");
    assertThat(AdoptCommand.clusterName(null, Path.of("My Cluster.yaml"))).isEqualTo("adopted");
    assertThatThrownBy(() -> AdoptCommand.clusterName("Bad_Name", Path.of("x.yaml")))
        .hasMessageContaining("--cluster Bad_Name");
  }

  @Test
  void plaintextIsOnlyForLoopbackAgents() {
    Run run = run("adopt", "--plaintext", "--hosts", "127.0.0.1,192.168.1.184", "-o", dir.resolve("x.yaml").toString());
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("--plaintext: 192.168.1.184 is not a loopback address");
  }

  @Test
  void withoutAPkiTlsIsBadInputNamingTheFix() {
    Run run = run("adopt", "--hosts", "10.0.0.1", "-o", dir.resolve("x.yaml").toString(), "--pki",
        dir.resolve("no-pki").toString());
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("no cluster CA").contains("--pki");
  }
}
