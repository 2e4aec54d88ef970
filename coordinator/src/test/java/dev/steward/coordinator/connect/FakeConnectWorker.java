package dev.steward.coordinator.connect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-JVM stand-in for one Connect worker's REST API: answers the requests it was told to, and
 * everything else the way Connect answers an unknown path (404 with Connect's error JSON).
 */
final class FakeConnectWorker implements AutoCloseable {

  record Request(String method, String target, String contentType, String body) {

    /** e.g. "PUT /connectors/a%20b/pause": the raw target, exactly as it went over the wire. */
    String line() {
      return method + " " + target;
    }
  }

  private record Reply(int status, String body) {
  }

  private final HttpServer server;
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private FakeConnectWorker(HttpServer server) {
    this.server = server;
  }

  static FakeConnectWorker start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FakeConnectWorker worker = new FakeConnectWorker(server);
    server.createContext("/", worker::handle);
    server.start();
    return worker;
  }

  /** Answers {@code requestLine} (e.g. "GET /connectors?expand=status") with this status and body. */
  FakeConnectWorker answer(String requestLine, int status, String body) {
    replies.put(requestLine, new Reply(status, body));
    return this;
  }

  /** A Kafka 3.9 worker that has finished starting, with no connectors yet. */
  FakeConnectWorker healthy() {
    return answer("GET /", 200, """
            {"version":"3.9.1","commit":"f745dfdcee2b9851","kafka_cluster_id":"q5Zx3cYDTyOvHYhSn3Lxnw"}""")
        .answer("GET /health", 200, """
            {"status":"healthy","message":"Worker has completed startup and is ready to handle requests."}""")
        .answer("GET /connectors?expand=status", 200, "{}");
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<String> requestLines() {
    return requests.stream().map(Request::line).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request = new Request(exchange.getRequestMethod(), target,
          exchange.getRequestHeaders().getFirst("Content-Type"), body);
      requests.add(request);
      Reply reply = replies.getOrDefault(request.line(),
          new Reply(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
