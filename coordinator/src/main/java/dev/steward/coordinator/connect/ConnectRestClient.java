package dev.steward.coordinator.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.steward.coordinator.progress.Elapsed;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A small facade over one Kafka Connect worker's REST API (Kafka 3.9). Every call has the
 * request timeout, and every failure is a {@link ConnectRestException} that names this worker,
 * the request, and what Connect said about it.
 */
public final class ConnectRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXCERPT_CHARS = 200;

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;

  public ConnectRestClient(URI baseUrl, Duration timeout) {
    this(baseUrl, timeout, newHttpClient(timeout));
  }

  /** Lets the clients of several workers share one HttpClient: one connection pool, one selector thread. */
  ConnectRestClient(URI baseUrl, Duration timeout, HttpClient http) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    boolean web = "http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme());
    if (!web || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL of a Connect worker: " + baseUrl);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    String url = baseUrl.toString();
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.timeout = timeout;
    this.http = Objects.requireNonNull(http, "http");
  }

  static HttpClient newHttpClient(Duration connectTimeout) {
    // Connect's REST server speaks HTTP/1.1; offering an h2c upgrade on every request gains nothing.
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
  }

  public URI baseUrl() {
    return URI.create(baseUrl);
  }

  public WorkerInfo root() {
    return read(expect(send("GET", "/", null), 200), ConnectJson::workerInfo);
  }

  /**
   * KIP-1017's health check. A worker older than Kafka 3.9 has no {@code /health} (404); for it,
   * answering the connector list is the best sign of health there is.
   */
  public WorkerHealth health() {
    Answer answer = send("GET", "/health", null);
    if (answer.status() == 404) {
      return healthFromConnectorList();
    }
    WorkerHealth health = ConnectJson.health(answer.status(), parseOrMissing(answer.body()));
    if (health == null) {
      throw failure(answer);
    }
    return health;
  }

  private WorkerHealth healthFromConnectorList() {
    Answer answer = send("GET", "/connectors", null);
    if (answer.status() == 200) {
      return new WorkerHealth(true, "healthy", "no /health endpoint (worker older than Kafka 3.9); "
          + "GET /connectors answers");
    }
    if (answer.status() == 404) {
      // a starting worker's HTTP server answers before its REST resources are registered
      return new WorkerHealth(false, "starting", "REST API not serving yet");
    }
    return new WorkerHealth(false, "unhealthy", "no /health endpoint, and " + answer.request() + " answered HTTP "
        + answer.status() + connectExplanation(answer));
  }

  public List<String> connectors() {
    return read(expect(send("GET", "/connectors", null), 200), ConnectJson::names);
  }

  /** Every connector's status in one request, sorted by connector name. */
  public Map<String, ConnectorStatus> statuses() {
    return read(expect(send("GET", "/connectors?expand=status", null), 200), ConnectJson::statuses);
  }

  public ConnectorStatus status(String name) {
    return read(expect(send("GET", connectorPath(name) + "/status", null), 200),
        body -> ConnectJson.connectorStatus(body, name));
  }

  public Map<String, String> config(String name) {
    return read(expect(send("GET", connectorPath(name) + "/config", null), 200), ConnectJson::config);
  }

  /** Creates the connector (201) or replaces its whole configuration (200). */
  public void putConfig(String name, Map<String, String> config) {
    String path = connectorPath(name) + "/config";
    Objects.requireNonNull(config, "config");
    String body;
    try {
      body = JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("connector config of " + name + " cannot be written as JSON", e);
    }
    expect(send("PUT", path, body), 200, 201);
  }

  public void pause(String name) {
    expect(send("PUT", connectorPath(name) + "/pause", null), 202, 204);
  }

  public void resume(String name) {
    expect(send("PUT", connectorPath(name) + "/resume", null), 202, 204);
  }

  public void stop(String name) {
    expect(send("PUT", connectorPath(name) + "/stop", null), 202, 204);
  }

  public void restart(String name, boolean includeTasks, boolean onlyFailed) {
    String path = connectorPath(name) + "/restart?includeTasks=" + includeTasks + "&onlyFailed=" + onlyFailed;
    expect(send("POST", path, null), 200, 202, 204);
  }

  public void delete(String name) {
    expect(send("DELETE", connectorPath(name), null), 204);
  }

  /** The connector classes the worker has on its classpath and plugin.path. */
  public java.util.Set<String> connectorPlugins() {
    return read(expect(send("GET", "/connector-plugins?connectorsOnly=true", null), 200), array -> {
      java.util.Set<String> classes = new java.util.TreeSet<>();
      array.forEach(plugin -> classes.add(plugin.path("class").asText()));
      return classes;
    });
  }

  /** The connector's committed source offsets or sink consumer offsets, as Connect reports them (KIP-875). */
  public JsonNode offsets(String name) {
    return read(expect(send("GET", connectorPath(name) + "/offsets", null), 200), body -> body);
  }

  /** The connector's path with its name percent-encoded, so spaces and slashes stay inside one segment. */
  private static String connectorPath(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("connector name must not be null or blank");
    }
    StringBuilder path = new StringBuilder("/connectors/");
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
        path.append(c);
      } else {
        path.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return path.toString();
  }

  /** One HTTP exchange, as far as it got: {@code request} is e.g. "PUT /connectors/x/pause". */
  private record Answer(String request, int status, String body) {
  }

  private Answer send(String method, String pathAndQuery, String jsonBody) {
    String request = method + " " + pathAndQuery;
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(timeout)
        .header("Accept", "application/json");
    if (jsonBody == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    }
    try {
      HttpResponse<String> response = http.send(builder.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(request, response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      throw new ConnectRestException(ConnectRestException.NO_ANSWER, "Connect worker " + baseUrl
          + " does not answer within " + Elapsed.format(timeout) + " (" + request + ")", e);
    } catch (ConnectException e) {
      throw new ConnectRestException(ConnectRestException.NO_ANSWER, "Connect worker " + baseUrl
          + " does not answer (" + request + ": connection refused)", e);
    } catch (IOException e) {
      throw new ConnectRestException(ConnectRestException.NO_ANSWER, "Connect worker " + baseUrl
          + " does not answer (" + request + ": " + e + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectRestException(ConnectRestException.NO_ANSWER, "interrupted while waiting for Connect worker "
          + baseUrl + " (" + request + ")", e);
    }
  }

  private Answer expect(Answer answer, int... okStatuses) {
    if (IntStream.of(okStatuses).noneMatch(ok -> ok == answer.status())) {
      throw failure(answer);
    }
    return answer;
  }

  private <T> T read(Answer answer, Function<JsonNode, T> mapper) {
    try {
      return mapper.apply(JSON.readTree(answer.body()));
    } catch (JsonProcessingException | ConnectJson.UnexpectedShapeException e) {
      throw new ConnectRestException(answer.status(), "Connect worker " + baseUrl + ": " + answer.request()
          + " answered HTTP " + answer.status() + " with a body that is not what Connect sends: " + e.getMessage(), e);
    }
  }

  private ConnectRestException failure(Answer answer) {
    return new ConnectRestException(answer.status(), "Connect worker " + baseUrl + ": " + answer.request()
        + " answered HTTP " + answer.status() + connectExplanation(answer));
  }

  /** ": " and Connect's own message, else a short excerpt of a plain-text body, else nothing. */
  private static String connectExplanation(Answer answer) {
    String message = ConnectJson.errorMessage(parseOrMissing(answer.body()));
    if (message != null && !message.isBlank()) {
      return ": " + message;
    }
    String body = answer.body() == null ? "" : answer.body().strip();
    if (body.isEmpty() || body.startsWith("<") || body.startsWith("{")) {
      // An HTML error page from Jetty or a proxy says nothing the status code does not.
      return "";
    }
    return ": " + (body.length() > EXCERPT_CHARS ? body.substring(0, EXCERPT_CHARS) + "..." : body);
  }

  private static JsonNode parseOrMissing(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }
}
