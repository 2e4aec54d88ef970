package dev.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.steward.agent.Agent;
import dev.steward.agent.AgentConfig;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.testing.FakeServiceBackend;
import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ArchiveResource;
import dev.steward.agent.v1.AptPackageResource;
import dev.steward.agent.v1.ArtifactHeader;
import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.AuditServiceGrpc;
import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.DirectoryResource;
import dev.steward.agent.v1.FileResource;
import dev.steward.agent.v1.FirewallResource;
import dev.steward.agent.v1.FirewallRule;
import dev.steward.agent.v1.FourLetterWord;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetServiceStatusRequest;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.MyIdResource;
import dev.steward.agent.v1.PeerEndpoint;
import dev.steward.agent.v1.PortExpectation;
import dev.steward.agent.v1.ProbeBrokerRequest;
import dev.steward.agent.v1.ProbeServiceGrpc;
import dev.steward.agent.v1.ProbeZooKeeperRequest;
import dev.steward.agent.v1.PushArtifactRequest;
import dev.steward.agent.v1.PushArtifactResponse;
import dev.steward.agent.v1.ReadAuditRequest;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.RunPreflightRequest;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.StatArtifactRequest;
import dev.steward.agent.v1.SysctlResource;
import dev.steward.agent.v1.UserResource;
import dev.steward.agent.v1.WatchOperationRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred malformed requests against a real agent (in-process server, the real wiring,
 * a temp host root): every one gets a clear gRPC error whose message names the field (or,
 * where only the host can tell, a FAILED resource result), and the host root is byte for byte
 * what it was before. The agent's own state directory is kept outside the root: its journal
 * and audit trail rightly record the attempts, but no artifact may be stored from them.
 */
class BadInputSuiteTest {

  static final long MAX_ARTIFACT_BYTES = 4096;
  static final Set<Status.Code> CLEAR_REFUSALS = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.FAILED_PRECONDITION,
      Status.Code.NOT_FOUND, Status.Code.OUT_OF_RANGE, Status.Code.ALREADY_EXISTS);

  @TempDir
  Path temp;
  Path root;
  Path state;
  Path outside;
  Agent agent;
  ManagedChannel channel;

  /** One malformed request: how to send it, and the field its refusal must name. */
  record Case(String name, Function<ManagedChannel, Object> call, String names) {
  }

  /** An Apply whose refusal must come from the host (a FAILED result), not from the request's shape. */
  record HostCase(String name, ApplyRequest request) {
  }

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(temp.resolve("host"));
    state = temp.resolve("state");
    outside = Files.createDirectories(temp.resolve("outside"));
    // what the host-dependent cases trip over
    Files.createDirectories(root.resolve("etc/kafka/server.properties"));
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.createDirectories(root.resolve("var/lib/zookeeper"));
    Files.writeString(root.resolve("var/lib/zookeeper/myid"), "7\n");
    String name = InProcessServerBuilder.generateName();
    AgentConfig config = new AgentConfig(new InetSocketAddress("127.0.0.1", 0), root, state,
        AgentConfig.BackendChoice.SUPERVISOR, true, null, JavaRuntimeProbe.agentJavaHome(), MAX_ARTIFACT_BYTES, null);
    agent = Agent.create(config, (hostRoot, stateDir, javaHome, events, clock) -> new FakeServiceBackend(events),
        InProcessServerBuilder.forName(name), Clock.systemUTC()).start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    agent.close();
  }

  @Test
  void everyMalformedRequestIsRefusedClearlyAndNothingChangesOnTheHost() throws Exception {
    List<Case> cases = cases(new Random(20250601));
    List<HostCase> hostCases = hostCases();
    Map<String, String> before = snapshot(root);
    Map<String, String> outsideBefore = snapshot(outside);
    List<String> problems = new ArrayList<>();
    int refused = 0;
    for (Case c : cases) {
      try {
        Object answer = c.call().apply(channel);
        problems.add(c.name() + ": accepted, answered " + String.valueOf(answer).replace('\n', ' '));
      } catch (StatusRuntimeException e) {
        Status status = e.getStatus();
        if (!CLEAR_REFUSALS.contains(status.getCode())) {
          problems.add(c.name() + ": " + status.getCode() + " is not a clear refusal: " + status.getDescription());
        } else if (status.getDescription() == null || !status.getDescription().contains(c.names())) {
          problems.add(c.name() + ": " + status.getCode() + " does not name " + c.names() + ": "
              + status.getDescription());
        } else {
          refused++;
        }
      }
    }
    int failedResults = 0;
    for (HostCase c : hostCases) {
      List<ApplyEvent> events = new ArrayList<>();
      ResourceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).apply(c.request())
          .forEachRemaining(events::add);
      ApplyEvent first = events.get(0);
      if (first.getResult().getStatus() != ResourceStatus.RESOURCE_STATUS_FAILED
          || first.getResult().getMessage().isBlank()) {
        problems.add(c.name() + ": expected a FAILED result with a message, got " + first.getResult());
      } else {
        failedResults++;
      }
    }
    int total = cases.size() + hostCases.size();
    System.out.println("bad-input suite: " + total + " malformed requests tried: " + refused
        + " refused with a gRPC error naming the field, " + failedResults + " FAILED resource results, "
        + problems.size() + " problems");
    assertThat(problems).as("requests not refused clearly").isEmpty();
    assertThat(total).isGreaterThanOrEqualTo(300);
    assertThat(snapshot(root)).as("the host root after every malformed request").isEqualTo(before);
    assertThat(snapshot(outside)).as("outside the root").isEqualTo(outsideBefore);
    try (Stream<Path> artifacts = Files.list(state.resolve("artifacts"))) {
      assertThat(artifacts.toList()).as("nothing stored, no upload left behind").isEmpty();
    }
  }

  // ------------------------------------------------------------------ the cases

  static final List<String> BAD_PATHS = List.of("", "relative/path", "etc/kafka", "/etc/../../etc/passwd",
      "/../outside", "/etc/./x", "//etc/x", "/etc/x/", "/etc/\nx", "/etc/x\0", "/etc/\rx", "/etc/\u007fx",
      "/" + "a".repeat(300), "/" + "b/".repeat(2100) + "c", "/etc/" + "ü".repeat(200), "..", ".", "/..", "/.");

  List<Case> cases(Random random) {
    List<Case> cases = new ArrayList<>();
    // every path field of every resource kind, with every kind of bad path
    Map<String, Function<String, Resource.Builder>> pathFields = new TreeMap<>();
    pathFields.put("file.path", p -> resource("file:x").setFile(FileResource.newBuilder().setPath(p)
        .setContent(ByteString.copyFromUtf8("x=1\n"))));
    pathFields.put("directory.path", p -> resource("dir:x").setDirectory(DirectoryResource.newBuilder().setPath(p)));
    pathFields.put("myid.path", p -> resource("myid:x").setMyid(MyIdResource.newBuilder().setPath(p).setId(1)));
    pathFields.put("archive.install_root", p -> resource("archive:x").setArchive(archive().setInstallRoot(p)));
    pathFields.put("archive.link", p -> resource("archive:x").setArchive(archive().setLink(p)));
    pathFields.put("service.launch.install_dir", p -> service(l -> l.setInstallDir(p)));
    pathFields.put("service.launch.config_file", p -> service(l -> l.setConfigFile(p)));
    pathFields.put("service.launch.log_dir", p -> service(l -> l.setLogDir(p)));
    pathFields.put("service.launch.extra_classpath", p -> service(l -> l.addExtraClasspath(p)));
    pathFields.put("sysctl.path", p -> resource("sysctl:x").setSysctl(SysctlResource.newBuilder().setPath(p)
        .putValues("vm.swappiness", "1")));
    pathFields.forEach((field, make) -> {
      for (String path : BAD_PATHS) {
        cases.add(apply(field + " = " + printable(path), field, make.apply(path)));
      }
    });
    // fuzzed paths: random text, each spoiled by one defect so that none is valid by chance
    List<UnaryOperator<String>> defects = List.of(s -> "/x/../" + s, s -> "rel" + s, s -> "/a/" + s + "\n",
        s -> "/b/" + s + "\0c", s -> "/c/" + s + "//d", s -> "/" + "z".repeat(256) + s);
    List<String> fields = new ArrayList<>(pathFields.keySet());
    for (int i = 0; i < 100; i++) {
      String field = fields.get(random.nextInt(fields.size()));
      String path = defects.get(random.nextInt(defects.size())).apply(fuzz(random));
      cases.add(apply("fuzzed " + field + " #" + i, field, pathFields.get(field).apply(path)));
    }
    // ids
    cases.add(apply("resource id empty", "id is empty", Resource.newBuilder().setId("")
        .setDirectory(DirectoryResource.newBuilder().setPath("/d"))));
    cases.add(apply("resource id with newline", "id must be", Resource.newBuilder().setId("a\nb")
        .setDirectory(DirectoryResource.newBuilder().setPath("/d"))));
    cases.add(apply("resource id huge", "id must be", Resource.newBuilder().setId("i".repeat(100_000))
        .setDirectory(DirectoryResource.newBuilder().setPath("/d"))));
    cases.add(new Case("duplicate resource ids", ch -> drain(ch, ApplyRequest.newBuilder().setOperationId("dup")
        .addResources(resource("same").setDirectory(DirectoryResource.newBuilder().setPath("/d1")))
        .addResources(resource("same").setDirectory(DirectoryResource.newBuilder().setPath("/d2"))).build()),
        "id is used by an earlier resource"));
    cases.add(apply("no resource kind", "no resource kind", Resource.newBuilder().setId("nothing")));
    // modes, enums, numbers
    for (int mode : new int[] {01000, 02755, 04755, 010000, 0xFFFFFFFF}) {
      cases.add(apply("file.mode " + Integer.toOctalString(mode), "file.mode", resource("f")
          .setFile(FileResource.newBuilder().setPath("/f").setMode(mode))));
      cases.add(apply("directory.mode " + Integer.toOctalString(mode), "directory.mode", resource("d")
          .setDirectory(DirectoryResource.newBuilder().setPath("/d").setMode(mode))));
    }
    for (int value : new int[] {0, 99, -1}) {
      cases.add(apply("notifies value " + value, "notifies", resource("f").addNotifiesValue(value)
          .setDirectory(DirectoryResource.newBuilder().setPath("/d"))));
      cases.add(apply("service.service value " + value, "service.service", Resource.newBuilder().setId("s")
          .setService(ServiceResource.newBuilder().setServiceValue(value).setLaunch(goodLaunch()))));
      cases.add(apply("service.requires value " + value, "service.requires", Resource.newBuilder().setId("s")
          .setService(ServiceResource.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA).addRequiresValue(value)
              .setLaunch(goodLaunch()))));
    }
    for (int id : new int[] {0, 256, 100_000, -1}) {
      cases.add(apply("myid.id " + Integer.toUnsignedString(id), "myid.id", resource("m")
          .setMyid(MyIdResource.newBuilder().setPath("/var/lib/zookeeper/myid2").setId(id))));
    }
    // names that become file names, user names, package names, unit lines
    for (String name : List.of("", "../kafka.tgz", "a/b.tgz", "..", ".", "x\n.tgz", "n".repeat(201), "/abs.tgz",
        "a b.tgz", "ä.tgz")) {
      cases.add(apply("archive.name " + printable(name), "archive.name", resource("a")
          .setArchive(archive().setName(name))));
    }
    for (String sha : List.of("", "xyz", "a".repeat(127), "a".repeat(129), "g".repeat(128), "a".repeat(64))) {
      cases.add(apply("archive.sha512 " + printable(sha), "archive.sha512", resource("a")
          .setArchive(archive().setSha512(sha))));
    }
    cases.add(apply("archive.link is /", "archive.link may not be /", resource("a").setArchive(archive().setLink("/"))));
    List<String> badAccounts = List.of("root\n", "a b", "-rf", "x:y", "u".repeat(40), "kafka;reboot", "../etc");
    for (String account : badAccounts) {
      cases.add(apply("file.owner " + printable(account), "file.owner", resource("f")
          .setFile(FileResource.newBuilder().setPath("/f").setOwner(account))));
      cases.add(apply("directory.group " + printable(account), "directory.group", resource("d")
          .setDirectory(DirectoryResource.newBuilder().setPath("/d").setGroup(account))));
      cases.add(apply("service.launch.user " + printable(account), "service.launch.user",
          service(l -> l.setUser(account))));
      cases.add(apply("user.name " + printable(account), "user.name", resource("u")
          .setUser(UserResource.newBuilder().setName(account))));
    }
    for (String option : List.of("-Xmx1g -Dx=1", "--add-opens", "-jar", "-Dx=\n", "", "-X", "Xmx1g",
        "-agentlib:jdwp=transport=dt_socket")) {
      cases.add(apply("jvm option " + printable(option), "service.launch.jvm_options[0]",
          service(l -> l.addJvmOptions(option))));
    }
    for (String pkg : List.of("", "Openjdk", "a", "pkg;rm", "pkg name", "-o=Dpkg::Options")) {
      cases.add(apply("apt_package.name " + printable(pkg), "apt_package.name", resource("p")
          .setAptPackage(AptPackageResource.newBuilder().setName(pkg))));
    }
    cases.add(apply("sysctl key with newline", "sysctl.values key", resource("s").setSysctl(SysctlResource.newBuilder()
        .setPath("/etc/sysctl.d/60-steward.conf").putValues("vm.swappiness\nkernel.x", "1"))));
    cases.add(apply("sysctl value with newline", "sysctl.values[", resource("s").setSysctl(SysctlResource.newBuilder()
        .setPath("/etc/sysctl.d/60-steward.conf").putValues("vm.swappiness", "1\nkernel.panic=0"))));
    FirewallRule good = FirewallRule.newBuilder().setTag("zk").setAction(dev.steward.agent.v1.FirewallAction
        .FIREWALL_ACTION_ALLOW).setPort(2181).setProtocol("tcp").build();
    Map<String, FirewallRule> badRules = Map.of(
        "firewall.rules[0].tag", good.toBuilder().setTag("a b\n").build(),
        "firewall.rules[0].action", good.toBuilder().setActionValue(0).build(),
        "firewall.rules[0].port", good.toBuilder().setPort(70000).build(),
        "firewall.rules[0].protocol", good.toBuilder().setProtocol("icmp").build(),
        "firewall.rules[0].from", good.toBuilder().setFrom("any; ufw disable").build());
    badRules.forEach((field, rule) -> cases.add(apply(field, field, resource("fw")
        .setFirewall(FirewallResource.newBuilder().addRules(rule)))));
    // operation ids on every mutating call
    for (String id : List.of("", "op\nid", "o".repeat(201), "op\0")) {
      cases.add(new Case("apply operation_id " + printable(id), ch -> drain(ch, ApplyRequest.newBuilder()
          .setOperationId(id).addResources(resource("d").setDirectory(DirectoryResource.newBuilder().setPath("/d")))
          .build()), "operation_id"));
      cases.add(new Case("control operation_id " + printable(id), ch -> ServiceControlServiceGrpc
          .newBlockingStub(ch).controlService(ControlServiceRequest.newBuilder().setOperationId(id)
              .setService(ServiceName.SERVICE_NAME_KAFKA).setAction(ServiceAction.SERVICE_ACTION_STOP).build()),
          "operation_id"));
      cases.add(new Case("watch operation_id " + printable(id), ch -> {
        Iterator<ApplyEvent> events = ResourceServiceGrpc.newBlockingStub(ch)
            .watchOperation(WatchOperationRequest.newBuilder().setOperationId(id).build());
        return events.next();
      }, "operation_id"));
    }
    cases.add(new Case("watch of an unknown operation", ch -> ResourceServiceGrpc.newBlockingStub(ch)
        .watchOperation(WatchOperationRequest.newBuilder().setOperationId("never-ran").build()).next(), "never-ran"));
    for (int value : new int[] {0, 42, -5}) {
      cases.add(new Case("control service value " + value, ch -> ServiceControlServiceGrpc.newBlockingStub(ch)
          .controlService(ControlServiceRequest.newBuilder().setOperationId("c" + value).setServiceValue(value)
              .setAction(ServiceAction.SERVICE_ACTION_START).build()), "service"));
      cases.add(new Case("control action value " + value, ch -> ServiceControlServiceGrpc.newBlockingStub(ch)
          .controlService(ControlServiceRequest.newBuilder().setOperationId("a" + value)
              .setService(ServiceName.SERVICE_NAME_KAFKA).setActionValue(value).build()), "action"));
      cases.add(new Case("service status value " + value, ch -> ServiceControlServiceGrpc.newBlockingStub(ch)
          .getServiceStatus(GetServiceStatusRequest.newBuilder().setServiceValue(value).build()), "service"));
    }
    // artifacts: names that would escape the store, bad checksums, sizes over the limit, broken streams
    String sha = "ab".repeat(64);
    for (String name : List.of("", "../../etc/passwd", "a/b.tgz", "..", ".", "x\n.tgz", "n".repeat(201), "/abs",
        "with space.tgz", "nul\0.tgz")) {
      cases.add(push("artifact name " + printable(name), "header.name", List.of(header(name, sha, 3),
          chunk(3))));
    }
    for (String bad : List.of("", "xyz", "a".repeat(127), "g".repeat(128), "a".repeat(64))) {
      cases.add(push("artifact sha512 " + printable(bad), "header.sha512", List.of(header("k.tgz", bad, 3),
          chunk(3))));
      cases.add(new Case("stat sha512 " + printable(bad), ch -> ArtifactServiceGrpc.newBlockingStub(ch)
          .statArtifact(StatArtifactRequest.newBuilder().setSha512(bad).build()), "sha512"));
    }
    for (long size : new long[] {MAX_ARTIFACT_BYTES + 1, 1L << 40, -1L}) {
      cases.add(push("artifact size " + Long.toUnsignedString(size), "header.size",
          List.of(header("k.tgz", sha, size), chunk(16))));
    }
    cases.add(push("artifact chunk before header", "header", List.of(chunk(8), header("k.tgz", sha, 8))));
    cases.add(push("artifact two headers", "second header", List.of(header("k.tgz", sha, 8),
        header("k.tgz", sha, 8))));
    cases.add(push("artifact more data than its size", "received more than header.size",
        List.of(header("k.tgz", sha, 8), chunk(8), chunk(1))));
    cases.add(push("artifact less data than its size", "expected 100 bytes", List.of(header("k.tgz", sha, 100),
        chunk(10))));
    cases.add(push("artifact checksum mismatch", "SHA-512 mismatch", List.of(header("k.tgz", sha, 64), chunk(64))));
    cases.add(push("artifact without header", "without a header", List.of()));
    cases.add(push("artifact over the limit in chunks", "header.size", List.of(header("k.tgz", sha,
        MAX_ARTIFACT_BYTES * 4), chunk(4096), chunk(4096))));
    // probes: only this host's services, real ports, a command
    for (String address : List.of("", "192.0.2.1", "198.51.100.7", "2001:db8::1")) {
      cases.add(new Case("probe zookeeper address " + printable(address), ch -> ProbeServiceGrpc.newBlockingStub(ch)
          .probeZooKeeper(ProbeZooKeeperRequest.newBuilder().setAddress(address).setPort(2181)
              .setCommand(FourLetterWord.FOUR_LETTER_WORD_SRVR).build()), "address"));
      cases.add(new Case("probe broker address " + printable(address), ch -> ProbeServiceGrpc.newBlockingStub(ch)
          .probeBroker(ProbeBrokerRequest.newBuilder().setAddress(address).setPort(9092).build()), "address"));
    }
    for (int port : new int[] {0, 65536, -1}) {
      cases.add(new Case("probe zookeeper port " + Integer.toUnsignedString(port), ch -> ProbeServiceGrpc
          .newBlockingStub(ch).probeZooKeeper(ProbeZooKeeperRequest.newBuilder().setAddress("127.0.0.1").setPort(port)
              .setCommand(FourLetterWord.FOUR_LETTER_WORD_SRVR).build()), "port"));
      cases.add(new Case("probe broker port " + Integer.toUnsignedString(port), ch -> ProbeServiceGrpc
          .newBlockingStub(ch).probeBroker(ProbeBrokerRequest.newBuilder().setAddress("127.0.0.1").setPort(port)
              .build()), "port"));
      cases.add(new Case("preflight port " + Integer.toUnsignedString(port), ch -> HostServiceGrpc.newBlockingStub(ch)
          .runPreflight(RunPreflightRequest.newBuilder().addPorts(PortExpectation.newBuilder().setAddress("127.0.0.1")
              .setPort(port)).build()), "ports[0].port"));
      cases.add(new Case("preflight peer port " + Integer.toUnsignedString(port), ch -> HostServiceGrpc
          .newBlockingStub(ch).runPreflight(RunPreflightRequest.newBuilder().addPeers(PeerEndpoint.newBuilder()
              .setName("h2").setAddress("127.0.0.2").setPort(port)).build()), "peers[0].port"));
    }
    for (int value : new int[] {0, 9}) {
      cases.add(new Case("probe zookeeper command " + value, ch -> ProbeServiceGrpc.newBlockingStub(ch)
          .probeZooKeeper(ProbeZooKeeperRequest.newBuilder().setAddress("127.0.0.1").setPort(2181)
              .setCommandValue(value).build()), "command"));
    }
    cases.add(new Case("preflight peer without name", ch -> HostServiceGrpc.newBlockingStub(ch)
        .runPreflight(RunPreflightRequest.newBuilder().addPeers(PeerEndpoint.newBuilder().setAddress("127.0.0.2")
            .setPort(7443)).build()), "peers[0].name"));
    for (String path : BAD_PATHS.subList(0, 12)) {
      cases.add(new Case("facts path " + printable(path), ch -> HostServiceGrpc.newBlockingStub(ch)
          .getFacts(GetFactsRequest.newBuilder().addPaths(path).build()), "paths"));
      cases.add(new Case("preflight data path " + printable(path), ch -> HostServiceGrpc.newBlockingStub(ch)
          .runPreflight(RunPreflightRequest.newBuilder().addDataPaths(path).build()), "data_paths"));
    }
    for (int limit : new int[] {10_001, Integer.MAX_VALUE, -1}) {
      cases.add(new Case("audit limit " + Integer.toUnsignedString(limit), ch -> AuditServiceGrpc.newBlockingStub(ch)
          .readAudit(ReadAuditRequest.newBuilder().setLimit(limit).build()), "limit"));
    }
    return cases;
  }

  List<HostCase> hostCases() {
    return List.of(
        new HostCase("file through a symlink out of the root", request("h1", resource("f").setFile(
            FileResource.newBuilder().setPath("/escape/passwd").setContent(ByteString.copyFromUtf8("x"))))),
        new HostCase("directory through a symlink out of the root", request("h2", resource("d").setDirectory(
            DirectoryResource.newBuilder().setPath("/escape/sub")))),
        new HostCase("myid through a symlink out of the root", request("h3", resource("m").setMyid(
            MyIdResource.newBuilder().setPath("/escape/myid").setId(1)))),
        new HostCase("archive installed through a symlink out of the root", request("h4", resource("a").setArchive(
            archive().setInstallRoot("/escape")))),
        new HostCase("file where a directory is", request("h5", resource("f").setFile(FileResource.newBuilder()
            .setPath("/etc/kafka/server.properties").setContent(ByteString.copyFromUtf8("broker.id=1\n"))))),
        new HostCase("myid that would change the node's identity", request("h6", resource("m").setMyid(
            MyIdResource.newBuilder().setPath("/var/lib/zookeeper/myid").setId(1)))),
        new HostCase("archive that was never pushed", request("h7", resource("a").setArchive(archive()))),
        new HostCase("file owned by a user that does not exist", request("h8", resource("f").setFile(
            FileResource.newBuilder().setPath("/etc/owned").setOwner("no_such_user_x")
                .setContent(ByteString.copyFromUtf8("x"))))));
  }

  // ------------------------------------------------------------------ builders

  static Resource.Builder resource(String id) {
    return Resource.newBuilder().setId(id);
  }

  static ArchiveResource.Builder archive() {
    return ArchiveResource.newBuilder().setName("kafka_2.13-3.9.1").setSha512("cd".repeat(64)).setInstallRoot("/opt")
        .setLink("/opt/kafka");
  }

  static JvmLaunch.Builder goodLaunch() {
    return JvmLaunch.newBuilder().setInstallDir("/opt/kafka").setConfigFile("/opt/kafka/config/server.properties")
        .setLogDir("/var/log/kafka");
  }

  static Resource.Builder service(UnaryOperator<JvmLaunch.Builder> change) {
    return Resource.newBuilder().setId("service:kafka").setService(ServiceResource.newBuilder()
        .setService(ServiceName.SERVICE_NAME_KAFKA).setLaunch(change.apply(goodLaunch())));
  }

  static ApplyRequest request(String operation, Resource.Builder resource) {
    return ApplyRequest.newBuilder().setOperationId(operation).addResources(resource).build();
  }

  private int applied;

  Case apply(String name, String names, Resource.Builder resource) {
    ApplyRequest request = request("bad-" + (applied++), resource);
    return new Case(name, ch -> drain(ch, request), names);
  }

  static Object drain(ManagedChannel channel, ApplyRequest request) {
    List<ApplyEvent> events = new ArrayList<>();
    ResourceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).apply(request)
        .forEachRemaining(events::add);
    return events;
  }

  static PushArtifactRequest header(String name, String sha512, long size) {
    return PushArtifactRequest.newBuilder().setHeader(ArtifactHeader.newBuilder().setName(name).setSha512(sha512)
        .setSize(size)).build();
  }

  static PushArtifactRequest chunk(int size) {
    return PushArtifactRequest.newBuilder().setChunk(ByteString.copyFrom(new byte[size])).build();
  }

  static Case push(String name, String names, List<PushArtifactRequest> messages) {
    return new Case(name, ch -> {
      CompletableFuture<PushArtifactResponse> done = new CompletableFuture<>();
      StreamObserver<PushArtifactRequest> upload = ArtifactServiceGrpc.newStub(ch)
          .withDeadlineAfter(30, TimeUnit.SECONDS).pushArtifact(new StreamObserver<>() {
            @Override
            public void onNext(PushArtifactResponse value) {
              done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
              done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              done.complete(null);
            }
          });
      for (PushArtifactRequest message : messages) {
        upload.onNext(message);
      }
      upload.onCompleted();
      try {
        return done.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof StatusRuntimeException status) {
          throw status;
        }
        throw new IllegalStateException(e.getCause());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, names);
  }

  /** Random text: letters, digits, punctuation, control characters, non-ASCII, slashes and dots. */
  static String fuzz(Random random) {
    String alphabet = "abcXYZ019._-/\\ \t\n\r\0\u007f$`'\"*?~:;|&<>()[]{}=%ü€\u202e\ud83d\ude00";
    int length = random.nextInt(random.nextInt(10) == 0 ? 5000 : 40);
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      int at = random.nextInt(alphabet.length());
      char c = alphabet.charAt(at);
      if (Character.isHighSurrogate(c) && at + 1 < alphabet.length()) {
        text.append(c).append(alphabet.charAt(at + 1));
      } else if (!Character.isLowSurrogate(c)) {
        text.append(c);
      }
    }
    return text.toString();
  }

  static String printable(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + ")" : text;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  /** Every entry under {@code dir}: type, permissions and content digest. */
  static Map<String, String> snapshot(Path dir) {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.toList()) {
        String key = dir.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          tree.put(key, "link -> " + Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(key, "dir " + Files.getPosixFilePermissions(path));
        } else {
          tree.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)))
              + " " + Files.getPosixFilePermissions(path));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return tree;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
