package dev.steward.coordinator.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's HTTP side on a real server on an ephemeral loopback port, with a fixed snapshot. */
class ConsoleServerTest {

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<String> executed = new ArrayList<>();
  private ConsoleServer server;
  private SnapshotPoller poller;
  private URI base;

  private void start(ConsoleAuth auth, boolean allowActions) {
    poller = new SnapshotPoller(ConsoleTestData::snapshot,
        s -> ConsoleViews.render(s, new LagHistory(600_000), allowActions), 60_000);
    poller.pollOnce();
    ConsoleActions actions = new ConsoleActions(allowActions, new ConsoleActions.Executor() {
      @Override
      public String connector(String name, String verb) {
        executed.add(verb + " " + name);
        return verb + " " + name + ": done";
      }

      @Override
      public String rollingRestart(String service, List<String> hosts) {
        executed.add("restart " + service + " " + hosts);
        return "r-1";
      }
    }, new ActionAudit(dir.resolve("audit.jsonl"), Clock.systemUTC()), "homelab");
    server = new ConsoleServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), auth, poller, actions,
        "alice");
    server.start();
    base = URI.create("http://127.0.0.1:" + server.address().getPort());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      poller.close();
    }
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] rawRequest(String rawPath, String host) {
    return ("GET " + rawPath + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The request line exactly as written, which no URI class gets to normalize. */
  private int rawStatus(String rawPath) throws Exception {
    return rawStatus(rawPath, "127.0.0.1:" + server.address().getPort());
  }

  private int rawStatus(String rawPath, String host) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(rawRequest(rawPath, host));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
          .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void onLoopbackEveryPageAndTheSnapshotNeedNoToken() throws Exception {
    start(ConsoleAuth.none(), false);
    for (String page : ConsolePaths.PAGES) {
      HttpResponse<String> response = get(page);
      assertThat(response.statusCode()).as(page).isEqualTo(200);
      assertThat(response.body()).contains("/static/console.js").doesNotContain("http://", "https://");
      assertThat(response.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
    }
    assertThat(get("/static/console.js").statusCode()).isEqualTo(200);
    assertThat(get("/static/console.css").headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
    HttpResponse<String> snapshot = get("/api/snapshot");
    assertThat(snapshot.statusCode()).isEqualTo(200);
    assertThat(snapshot.body()).contains("\"homelab\"");
  }

  /** DNS rebinding: a page from elsewhere whose name resolves to 127.0.0.1 sends that name as Host. */
  @Test
  void withoutATokenOnlyRequestsAddressedToTheConsoleItselfAreServed() throws Exception {
    start(ConsoleAuth.none(), false);
    int port = server.address().getPort();
    assertThat(rawStatus("/api/snapshot", "127.0.0.1:" + port)).isEqualTo(200);
    assertThat(rawStatus("/api/snapshot", "localhost:" + port)).isEqualTo(200);
    assertThat(rawStatus("/api/snapshot", "rebound.example:" + port)).isEqualTo(421);
    assertThat(rawStatus("/", "rebound.example:" + port)).isEqualTo(421);
    assertThat(rawStatus("/api/snapshot", "127.0.0.1:" + (port + 1))).isEqualTo(421);
    assertThat(rawStatus("/api/snapshot", "127.0.0.2:" + port)).isEqualTo(421);
    assertThat(rawStatus("/api/snapshot", "127.0.0.1")).isEqualTo(421);
  }

  @Test
  void withATokenAMissingOrWrongOneIs401AndDisclosesNothing() throws Exception {
    start(ConsoleAuth.withToken("s3cret-token"), false);
    for (String path : List.of("/", "/api/snapshot", "/events", "/static/console.js", "/topics", "/nope")) {
      HttpResponse<String> missing = get(path);
      assertThat(missing.statusCode()).as(path).isEqualTo(401);
      assertThat(missing.body()).isEqualTo("unauthorized\n");
      HttpResponse<String> wrong = get(path, "Authorization", "Bearer wrong");
      assertThat(wrong.statusCode()).as(path).isEqualTo(401);
      assertThat(wrong.body()).isEqualTo("unauthorized\n");
    }
    assertThat(get("/api/snapshot?token=wrong").statusCode()).isEqualTo(401);
    assertThat(get("/api/snapshot", "Cookie", ConsoleAuth.COOKIE + "=wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void theTokenWorksAsBearerOrAsAQueryThatSetsAStrictHttpOnlyCookie() throws Exception {
    start(ConsoleAuth.withToken("s3cret-token"), false);
    assertThat(get("/api/snapshot", "Authorization", "Bearer s3cret-token").statusCode()).isEqualTo(200);
    HttpResponse<String> first = get("/brokers?token=s3cret-token");
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(first.headers().firstValue("Location")).contains("/brokers");
    String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").startsWith(ConsoleAuth.COOKIE + "=s3cret-token");
    HttpResponse<String> withCookie = get("/api/snapshot", "Cookie", ConsoleAuth.COOKIE + "=s3cret-token");
    assertThat(withCookie.statusCode()).isEqualTo(200);
    assertThat(withCookie.body()).contains("\"homelab\"");
  }

  @Test
  void pathTraversalAndUnknownFilesAreRefused() throws Exception {
    start(ConsoleAuth.none(), false);
    for (String raw : List.of("/static/../pom.xml", "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2E%2E%2Fconsole.html", "/static/..\\console.html", "/../../etc/passwd", "/static//etc/passwd",
        "/static/%252e%252e/x", "/static/console.js%00.html")) {
      assertThat(rawStatus(raw)).as(raw).isIn(400, 404);
    }
    assertThat(get("/static/console.html").statusCode()).as("only the listed files").isEqualTo(404);
    assertThat(get("/static/ConsoleServer.class").statusCode()).isEqualTo(404);
    assertThat(get("/etc/passwd").statusCode()).isEqualTo(404);
    assertThat(get("/etc/passwd").body()).isEqualTo("not found\n");
  }

  @Test
  void theSnapshotStreamsAsServerSentEvents() throws Exception {
    start(ConsoleAuth.none(), false);
    HttpResponse<java.io.InputStream> events = client.send(HttpRequest.newBuilder(base.resolve("/events"))
        .header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      assertThat(reader.readLine()).isEqualTo("event: snapshot");
      assertThat(reader.readLine()).startsWith("data: {").contains("\"homelab\"");
      poller.pollOnce();
      String line;
      int snapshots = 0;
      while ((line = reader.readLine()) != null && snapshots < 1) {
        snapshots += line.equals("event: snapshot") ? 1 : 0;
      }
      assertThat(snapshots).as("the next poll is pushed without asking").isEqualTo(1);
    }
  }

  @Test
  void anActionWithoutAllowActionsIs403AndRunsNothing() throws Exception {
    start(ConsoleAuth.none(), false);
    String origin = "http://127.0.0.1:" + server.address().getPort();
    assertThat(post("/api/actions/connectors/orders-sink/pause", "confirm=yes", "Origin", origin).statusCode())
        .isEqualTo(403);
    assertThat(post("/api/actions/rolling-restart", "confirm=yes&service=kafka", "Origin", origin).statusCode())
        .isEqualTo(403);
    assertThat(executed).isEmpty();
    assertThat(Files.exists(dir.resolve("audit.jsonl"))).isFalse();
  }

  @Test
  void anAllowedActionNeedsTheSameOriginAndAConfirmationAndIsAudited() throws Exception {
    start(ConsoleAuth.none(), true);
    String origin = "http://127.0.0.1:" + server.address().getPort();
    assertThat(post("/api/actions/connectors/orders-sink/pause", "confirm=yes").statusCode()).as("no Origin")
        .isEqualTo(403);
    assertThat(post("/api/actions/connectors/orders-sink/pause", "confirm=yes", "Origin", "http://evil.example")
        .statusCode()).isEqualTo(403);
    assertThat(post("/api/actions/connectors/orders-sink/pause", "", "Origin", origin).statusCode())
        .as("not confirmed").isEqualTo(400);
    assertThat(post("/api/actions/connectors/orders-sink/delete", "confirm=yes", "Origin", origin).statusCode())
        .isEqualTo(400);
    assertThat(executed).isEmpty();

    HttpResponse<String> paused = post("/api/actions/connectors/orders-sink/pause", "confirm=yes", "Origin", origin);
    assertThat(paused.statusCode()).isEqualTo(200);
    HttpResponse<String> restart = post("/api/actions/rolling-restart", "confirm=yes&service=kafka-connect&hosts=h1",
        "Origin", origin);
    assertThat(restart.statusCode()).isEqualTo(200);
    assertThat(restart.body()).contains("rollout r-1 started");
    assertThat(executed).containsExactly("pause orders-sink", "restart kafka-connect [h1]");
    List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(audit).hasSize(2);
    assertThat(audit.get(0)).contains("\"operator\":\"alice\"").contains("\"action\":\"pause connector\"")
        .contains("\"target\":\"orders-sink\"");
    assertThat(audit.get(1)).contains("\"action\":\"rolling restart\"").contains("kafka-connect on h1");
  }

  @Test
  void withATokenTheOperatorIsTheToken() throws Exception {
    start(ConsoleAuth.withToken("t0k"), true);
    String origin = "http://127.0.0.1:" + server.address().getPort();
    assertThat(post("/api/actions/connectors/c/resume", "confirm=yes", "Origin", origin).statusCode()).isEqualTo(401);
    assertThat(post("/api/actions/connectors/c/resume", "confirm=yes", "Origin", origin, "Authorization", "Bearer t0k")
        .statusCode()).isEqualTo(200);
    assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"operator\":\"token@127.0.0.1\"");
  }
}
