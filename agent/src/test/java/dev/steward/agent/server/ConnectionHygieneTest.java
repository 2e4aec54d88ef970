package dev.steward.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.Agent;
import dev.steward.agent.AgentConfig;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.common.testing.Eventually;
import dev.steward.agent.testing.FakeServiceBackend;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's real Netty server on loopback, built the way the agent builds it, against
 * sockets that misbehave: silent ones, idle ones, too many, garbage. Deadlines are generous
 * (a shared 2-core machine): what matters is that the agent closes them at all.
 */
class ConnectionHygieneTest {

  static final Duration SLACK = Duration.ofSeconds(30);

  @TempDir
  Path temp;

  private final List<Agent> agents = new ArrayList<>();
  private final List<SocketChannel> sockets = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (SocketChannel socket : sockets) {
      socket.close();
    }
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    agents.forEach(Agent::close);
  }

  @Test
  void fiveHundredSilentConnectionsAreClosedAfterTheHandshakeBoundWhileTheAgentServes() throws Exception {
    Duration handshake = Duration.ofSeconds(8);
    int port = startPlaintextAgent(new ConnectionLimits(handshake, Duration.ofMinutes(5), 1000));
    List<SocketChannel> silent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      silent.add(connect(port));
    }

    assertThat(health(port)).isEqualTo(ServingStatus.SERVING);
    assertThat(silent).as("still open while the call ran").noneMatch(ConnectionHygieneTest::closedByPeer);

    Eventually.within(handshake.plus(SLACK)).until("the agent closes every silent connection",
        () -> silent.stream().allMatch(ConnectionHygieneTest::closedByPeer));
    assertThat(health(port)).as("and serves on").isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void anEstablishedConnectionWithoutCallsIsClosedAfterTheIdleBound() throws Exception {
    Duration handshake = Duration.ofMinutes(5);
    int port = startPlaintextAgent(new ConnectionLimits(handshake, Duration.ofSeconds(1), 10));
    SocketChannel http2 = connect(port);
    // the client preface and an empty SETTINGS frame: the HTTP/2 setup is complete, no call follows
    ByteBuffer preface = ByteBuffer.wrap(concat("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        HexFormat.of().parseHex("000000040000000000")));
    while (preface.hasRemaining()) {
      http2.write(preface);
    }

    Eventually.within(SLACK).until("the agent closes the idle connection", () -> closedByPeer(http2));
  }

  @Test
  void aConnectionOverTheCapIsClosedAtOnceAndRefusalsAreLoggedOnceWhileTheAgentServes() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(new Tee(original, log), true, StandardCharsets.UTF_8));
    try {
      int port = startPlaintextAgent(new ConnectionLimits(Duration.ofMinutes(5), Duration.ofMinutes(5), 3));
      ManagedChannel first = channel(port);
      assertThat(HealthGrpc.newBlockingStub(first).withDeadlineAfter(30, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
      List<SocketChannel> silent = List.of(connect(port), connect(port));
      // the agent speaks first (its SETTINGS): a socket that hears it has been accepted and counted
      for (SocketChannel socket : silent) {
        Eventually.within(SLACK).until("the agent accepted the connection", () -> receivedSomething(socket));
      }

      List<SocketChannel> over = List.of(connect(port), connect(port), connect(port));
      for (SocketChannel socket : over) {
        Eventually.within(SLACK).until("the agent closes a connection over the cap", () -> closedByPeer(socket));
      }

      assertThat(HealthGrpc.newBlockingStub(first).withDeadlineAfter(30, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus()).as("the connections it holds still work")
          .isEqualTo(ServingStatus.SERVING);
      for (SocketChannel socket : silent) {
        socket.close();
      }
      assertThat(health(port)).as("closed connections free their places").isEqualTo(ServingStatus.SERVING);
    } finally {
      System.setErr(original);
    }
    List<String> refusals = log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("refused")).toList();
    assertThat(refusals).as("three refusals inside a minute: one line").singleElement().satisfies(line ->
        assertThat(line).contains("WARN", "refused a connection from 127.0.0.1:", "3 connections are open"));
  }

  @Test
  void garbageOnThePortIsNeverAStackTrace() throws Exception {
    GrpcLogBridge.install();
    java.util.logging.Logger grpc = java.util.logging.Logger.getLogger(GrpcLogBridge.GRPC_LOGGERS);
    java.util.logging.Logger rootLogger = java.util.logging.Logger.getLogger("");
    Recorder grpcRecords = new Recorder();
    Recorder bypassing = new Recorder();
    grpc.addHandler(grpcRecords);
    rootLogger.addHandler(bypassing);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(new Tee(original, log), true, StandardCharsets.UTF_8));
    try {
      int plaintext = startPlaintextAgent(ConnectionLimits.DEFAULTS);
      int tls = startTlsAgent();
      byte[] http = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      byte[] random = new byte[300];
      new Random(11).nextBytes(random);
      for (int port : new int[] {tls, plaintext}) {
        for (byte[] garbage : List.of(http, random)) {
          SocketChannel socket = connect(port);
          socket.write(ByteBuffer.wrap(garbage));
          Eventually.within(SLACK).until("the agent drops the connection", () -> closedByPeer(socket));
        }
      }
      // gRPC reports both plaintext ones as failed transports: wait until it has, then read the log
      Eventually.within(SLACK).until("gRPC logged the failed connections",
          () -> grpcRecords.records.stream().filter(r -> "Transport failed".equals(r.getMessage())).count() >= 2);
      assertThat(health(plaintext)).isEqualTo(ServingStatus.SERVING);
    } finally {
      System.setErr(original);
      grpc.removeHandler(grpcRecords);
      rootLogger.removeHandler(bypassing);
    }
    List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).as("no stack trace").noneMatch(l -> l.matches("\\s+at .*") || l.startsWith("Caused by"));
    assertThat(lines).as("at most one line per connection").filteredOn(l -> l.contains("Transport failed"))
        .hasSizeLessThanOrEqualTo(2).allMatch(l -> l.contains("DEBUG"));
    assertThat(bypassing.records).as("no gRPC record reaches JUL's console handler")
        .noneMatch(r -> r.getLoggerName() != null && r.getLoggerName().startsWith(GrpcLogBridge.GRPC_LOGGERS));
  }

  // ------------------------------------------------------------------ helpers

  private int startPlaintextAgent(ConnectionLimits limits) throws Exception {
    InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
    return start(listen, new Agent.Plaintext(ServerTransport.plaintextLoopback(listen, limits)), true);
  }

  private int startTlsAgent() throws Exception {
    InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
    return start(listen, new Agent.Tls(listen, Optional.empty()), false);
  }

  private int start(InetSocketAddress listen, Agent.Serving serving, boolean insecure) throws IOException {
    Path root = Files.createDirectories(temp.resolve("host-" + agents.size()));
    AgentConfig config = new AgentConfig(listen, root, root.resolve("var/lib/steward"),
        AgentConfig.BackendChoice.SUPERVISOR, insecure, null, JavaRuntimeProbe.agentJavaHome(), 1 << 20, null);
    Agent agent = Agent.create(config, serving, (hostRoot, stateDir, javaHome, events, clock) ->
        new FakeServiceBackend(events), Clock.systemUTC());
    agents.add(agent);
    agent.start();
    return agent.server().port();
  }

  private ServingStatus health(int port) {
    // a fresh connection, waiting for the agent to accept one if it is at its cap for a moment
    return HealthGrpc.newBlockingStub(channel(port)).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus();
  }

  private ManagedChannel channel(int port) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    channels.add(channel);
    return channel;
  }

  private SocketChannel connect(int port) throws IOException {
    SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    socket.configureBlocking(false);
    sockets.add(socket);
    return socket;
  }

  /** Drains what the agent sent; true once it closed (end of stream, or a reset). */
  private static boolean closedByPeer(SocketChannel socket) {
    return drain(socket) < 0;
  }

  private static boolean receivedSomething(SocketChannel socket) {
    return drain(socket) != 0;
  }

  /** -1: closed by the peer; else the bytes read. */
  private static int drain(SocketChannel socket) {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    int total = 0;
    try {
      while (true) {
        buffer.clear();
        int read = socket.read(buffer);
        if (read < 0) {
          return -1;
        }
        if (read == 0) {
          return total;
        }
        total += read;
      }
    } catch (IOException reset) {
      return -1;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Keeps every JUL record it is handed. */
  private static final class Recorder extends Handler {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
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
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
      a.write(bytes, offset, length);
      b.write(bytes, offset, length);
    }
  }
}
