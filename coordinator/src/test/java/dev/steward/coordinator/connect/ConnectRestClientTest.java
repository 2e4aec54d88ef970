package dev.steward.coordinator.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectRestClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Two connectors as Kafka 3.9 reports them: one running, one with a failed task. */
  private static final String STATUSES = """
      {
        "file-source": {"status": {"name": "file-source",
          "connector": {"state": "RUNNING", "worker_id": "h1:8083"},
          "tasks": [{"id": 1, "state": "RUNNING", "worker_id": "h2:8083"},
                    {"id": 0, "state": "RUNNING", "worker_id": "h1:8083"}],
          "type": "source"}},
        "jdbc-sink": {"status": {"name": "jdbc-sink",
          "connector": {"state": "RUNNING", "worker_id": "h2:8083"},
          "tasks": [{"id": 0, "state": "FAILED", "worker_id": "h3:8083",
                     "trace": "org.apache.kafka.connect.errors.ConnectException: no database"}],
          "type": "sink"}}
      }""";

  private FakeConnectWorker worker;
  private ConnectRestClient client;

  @BeforeEach
  void startWorker() throws IOException {
    worker = FakeConnectWorker.start();
    client = new ConnectRestClient(worker.url(), TIMEOUT);
  }

  @AfterEach
  void stopWorker() {
    worker.close();
  }

  @Test
  void rootReadsVersionCommitAndKafkaClusterId() {
    worker.healthy();

    assertThat(client.root()).isEqualTo(new WorkerInfo("3.9.1", "f745dfdcee2b9851", "q5Zx3cYDTyOvHYhSn3Lxnw"));
  }

  @Test
  void healthyWorker() {
    worker.healthy();

    WorkerHealth health = client.health();

    assertThat(health.healthy()).isTrue();
    assertThat(health.status()).isEqualTo("healthy");
  }

  @Test
  void startingWorkerAnswers503AndIsNotHealthy() {
    worker.answer("GET /health", 503, "{\"status\":\"starting\",\"message\":\"Worker is still starting up.\"}");

    assertThat(client.health()).isEqualTo(new WorkerHealth(false, "starting", "Worker is still starting up."));
  }

  @Test
  void unhealthyWorkerAnswers500AndIsNotHealthy() {
    worker.answer("GET /health", 500, "{\"status\":\"unhealthy\",\"message\":\"Worker was unable to handle this "
        + "request and may be unable to handle other requests.\"}");

    WorkerHealth health = client.health();

    assertThat(health.healthy()).isFalse();
    assertThat(health.status()).isEqualTo("unhealthy");
    assertThat(health.message()).startsWith("Worker was unable");
  }

  @Test
  void workerWithoutHealthEndpointIsHealthyWhenItListsConnectors() {
    worker.answer("GET /connectors", 200, "[\"file-source\"]");

    WorkerHealth health = client.health();

    assertThat(health.healthy()).isTrue();
    assertThat(health.message()).contains("no /health endpoint");
    assertThat(worker.requestLines()).containsExactly("GET /health", "GET /connectors");
  }

  @Test
  void workerWithoutHealthEndpointIsUnhealthyWhenItCannotListConnectors() {
    worker.answer("GET /connectors", 500, "{\"error_code\":500,\"message\":\"Request timed out\"}");

    WorkerHealth health = client.health();

    assertThat(health.healthy()).isFalse();
    assertThat(health.message()).contains("GET /connectors answered HTTP 500: Request timed out");
  }

  @Test
  void healthAnswerThatIsNotConnectsIsAnError() {
    worker.answer("GET /health", 502, "<html><body>Bad Gateway</body></html>");

    ConnectRestException failure = catchThrowableOfType(ConnectRestException.class, client::health);

    assertThat(failure.httpStatus()).isEqualTo(502);
    assertThat(failure.getMessage()).contains(worker.url().toString(), "GET /health answered HTTP 502")
        .doesNotContain("<html>");
  }

  @Test
  void connectorsListsNames() {
    worker.answer("GET /connectors", 200, "[\"file-source\",\"jdbc-sink\"]");

    assertThat(client.connectors()).containsExactly("file-source", "jdbc-sink");
  }

  @Test
  void statusesParseConnectorAndTaskStates() {
    worker.answer("GET /connectors?expand=status", 200, STATUSES);

    Map<String, ConnectorStatus> statuses = client.statuses();

    assertThat(statuses).containsOnlyKeys("file-source", "jdbc-sink");
    ConnectorStatus source = statuses.get("file-source");
    assertThat(source).isEqualTo(new ConnectorStatus("file-source", "RUNNING", "h1:8083", "source", List.of(
        new TaskStatus(0, "RUNNING", "h1:8083", null), new TaskStatus(1, "RUNNING", "h2:8083", null))));
    assertThat(source.running()).isTrue();
    ConnectorStatus sink = statuses.get("jdbc-sink");
    assertThat(sink.running()).isFalse();
    assertThat(sink.failedTasks()).singleElement().satisfies(task -> {
      assertThat(task.id()).isZero();
      assertThat(task.workerId()).isEqualTo("h3:8083");
      assertThat(task.trace()).contains("no database");
    });
  }

  @Test
  void statusOfOneConnectorWithSpacesAndSlashesInItsName() {
    worker.answer("GET /connectors/orders%20to%2Fpostgres/status", 200, """
        {"name": "orders to/postgres", "connector": {"state": "PAUSED", "worker_id": "h1:8083"},
         "tasks": [{"id": 0, "state": "PAUSED", "worker_id": "h1:8083"}], "type": "sink"}""");

    ConnectorStatus status = client.status("orders to/postgres");

    assertThat(status.name()).isEqualTo("orders to/postgres");
    assertThat(status.state()).isEqualTo("PAUSED");
    assertThat(status.tasks()).extracting(TaskStatus::state).containsExactly("PAUSED");
  }

  @Test
  void nonAsciiNamesArePercentEncodedAsUtf8() {
    worker.answer("DELETE /connectors/caf%C3%A9%2Bsink", 204, "");

    client.delete("café+sink");

    assertThat(worker.requestLines()).containsExactly("DELETE /connectors/caf%C3%A9%2Bsink");
  }

  @Test
  void configReadsEveryValueAsAString() {
    worker.answer("GET /connectors/file-source/config", 200, """
        {"connector.class": "FileStreamSource", "tasks.max": "2", "file": "/var/log/app.log"}""");

    assertThat(client.config("file-source")).containsExactly(Map.entry("connector.class", "FileStreamSource"),
        Map.entry("tasks.max", "2"), Map.entry("file", "/var/log/app.log"));
  }

  @Test
  void putConfigSendsTheConfigAsJson() throws IOException {
    worker.answer("PUT /connectors/file-source/config", 201, "{\"name\":\"file-source\",\"config\":{},\"tasks\":[]}");
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "FileStreamSource");
    config.put("tasks.max", "1");
    config.put("topic", "lines \"quoted\"");

    client.putConfig("file-source", config);

    FakeConnectWorker.Request request = worker.requests().get(0);
    assertThat(request.line()).isEqualTo("PUT /connectors/file-source/config");
    assertThat(request.contentType()).isEqualTo("application/json");
    Map<String, String> sent = new ObjectMapper().readValue(request.body(), new TypeReference<>() { });
    assertThat(sent).isEqualTo(config);
  }

  @Test
  void putConfigAcceptsAnUpdate() {
    worker.answer("PUT /connectors/file-source/config", 200, "{}");

    client.putConfig("file-source", Map.of("tasks.max", "3"));

    assertThat(worker.requestLines()).containsExactly("PUT /connectors/file-source/config");
  }

  @Test
  void connectErrorMessageIsSurfacedWithItsStatus() {
    worker.answer("PUT /connectors/file-source/config", 409, "{\"error_code\":409,\"message\":\"Cannot complete "
        + "request because of a conflicting operation (e.g. worker rebalance)\"}");

    ConnectRestException failure = catchThrowableOfType(ConnectRestException.class,
        () -> client.putConfig("file-source", Map.of("tasks.max", "3")));

    assertThat(failure.httpStatus()).isEqualTo(409);
    assertThat(failure.getMessage()).isEqualTo("Connect worker " + worker.url() + ": PUT /connectors/file-source/"
        + "config answered HTTP 409: Cannot complete request because of a conflicting operation (e.g. worker "
        + "rebalance)");
  }

  @Test
  void unknownConnectorIs404WithConnectsMessage() {
    worker.answer("GET /connectors/nope/status", 404, "{\"error_code\":404,\"message\":\"No status found for "
        + "connector nope\"}");

    assertThatThrownBy(() -> client.status("nope"))
        .isInstanceOfSatisfying(ConnectRestException.class, e -> assertThat(e.httpStatus()).isEqualTo(404))
        .hasMessageContaining("GET /connectors/nope/status answered HTTP 404: No status found for connector nope");
  }

  @Test
  void lifecycleRequestsUseTheirVerbsAndPaths() {
    worker.answer("PUT /connectors/file-source/pause", 202, "")
        .answer("PUT /connectors/file-source/resume", 202, "")
        .answer("PUT /connectors/file-source/stop", 204, "")
        .answer("POST /connectors/file-source/restart?includeTasks=true&onlyFailed=false", 202,
            "{\"name\":\"file-source\",\"connector\":{\"state\":\"RESTARTING\"},\"tasks\":[]}")
        .answer("POST /connectors/file-source/restart?includeTasks=false&onlyFailed=true", 204, "")
        .answer("DELETE /connectors/file-source", 204, "");

    client.pause("file-source");
    client.resume("file-source");
    client.stop("file-source");
    client.restart("file-source", true, false);
    client.restart("file-source", false, true);
    client.delete("file-source");

    assertThat(worker.requestLines()).containsExactly("PUT /connectors/file-source/pause",
        "PUT /connectors/file-source/resume", "PUT /connectors/file-source/stop",
        "POST /connectors/file-source/restart?includeTasks=true&onlyFailed=false",
        "POST /connectors/file-source/restart?includeTasks=false&onlyFailed=true", "DELETE /connectors/file-source");
  }

  @Test
  void pauseOfAnUnknownConnectorFails() {
    ConnectRestException failure = catchThrowableOfType(ConnectRestException.class, () -> client.pause("gone"));

    assertThat(failure.httpStatus()).isEqualTo(404);
    assertThat(failure.getMessage()).contains("PUT /connectors/gone/pause answered HTTP 404: HTTP 404 Not Found");
  }

  @Test
  void blankConnectorNamesAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> client.status(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.pause("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.delete("  ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.putConfig(" ", Map.of())).isInstanceOf(IllegalArgumentException.class);

    assertThat(worker.requests()).isEmpty();
  }

  @Test
  void answerThatIsNotConnectJsonIsAnErrorWithItsStatus() {
    worker.answer("GET /", 200, "<html>a proxy's page</html>");

    ConnectRestException failure = catchThrowableOfType(ConnectRestException.class, client::root);

    assertThat(failure.httpStatus()).isEqualTo(200);
    assertThat(failure.getMessage()).contains(worker.url().toString(), "GET / answered HTTP 200 with a body");
  }

  @Test
  void refusedConnectionHasNoStatusAndNamesTheWorker() throws IOException {
    URI nobody = SilentServer.refusingUrl();
    ConnectRestClient refused = new ConnectRestClient(nobody, TIMEOUT);

    ConnectRestException failure = catchThrowableOfType(ConnectRestException.class, refused::connectors);

    assertThat(failure.httpStatus()).isZero();
    assertThat(failure.answered()).isFalse();
    assertThat(failure.getMessage()).isEqualTo("Connect worker " + nobody + " does not answer (GET /connectors: "
        + "connection refused)");
  }

  @Test
  void workerThatHangsTimesOutWithNoStatus() throws IOException {
    try (SilentServer silent = SilentServer.start()) {
      ConnectRestClient hanging = new ConnectRestClient(silent.url(), Duration.ofMillis(300));

      ConnectRestException failure = catchThrowableOfType(ConnectRestException.class, hanging::health);

      assertThat(failure.httpStatus()).isZero();
      assertThat(failure.getMessage()).isEqualTo("Connect worker " + silent.url() + " does not answer within 300ms "
          + "(GET /health)");
    }
  }

  @Test
  void trailingSlashOfTheBaseUrlIsIgnored() {
    worker.answer("GET /connectors", 200, "[]");
    ConnectRestClient slashed = new ConnectRestClient(URI.create(worker.url() + "/"), TIMEOUT);

    assertThat(slashed.connectors()).isEmpty();
    assertThat(worker.requestLines()).containsExactly("GET /connectors");
  }
}
