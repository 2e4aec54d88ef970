package dev.steward.coordinator.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectClusterProbeTest {

  private static final String ONE_RUNNING_CONNECTOR = """
      {"file-source": {"status": {"name": "file-source",
        "connector": {"state": "RUNNING", "worker_id": "h1:8083"},
        "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "h1:8083"}], "type": "source"}}}""";

  private FakeConnectWorker first;
  private FakeConnectWorker second;

  @BeforeEach
  void startWorkers() throws IOException {
    first = FakeConnectWorker.start();
    second = FakeConnectWorker.start();
  }

  @AfterEach
  void stopWorkers() {
    first.close();
    second.close();
  }

  private static Map<String, URI> workers(Object... hostsAndUrls) {
    Map<String, URI> workers = new LinkedHashMap<>();
    for (int i = 0; i < hostsAndUrls.length; i += 2) {
      workers.put((String) hostsAndUrls[i], (URI) hostsAndUrls[i + 1]);
    }
    return workers;
  }

  @Test
  void workerThatHangsIsUnhealthyAndTheProbeStillReturnsWithinItsTimeout() throws IOException {
    first.healthy().answer("GET /connectors?expand=status", 200, ONE_RUNNING_CONNECTOR);
    Duration timeout = Duration.ofMillis(800);
    try (SilentServer hanging = SilentServer.start()) {
      ConnectClusterProbe probe = new ConnectClusterProbe(
          workers("h1", first.url(), "h2", hanging.url(), "h3", SilentServer.refusingUrl()), timeout);

      long start = System.nanoTime();
      ConnectClusterSnapshot snapshot = probe.snapshot();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(timeout.plusMillis(1000));
      assertThat(snapshot.workers()).extracting(WorkerState::host).containsExactly("h1", "h2", "h3");
      assertThat(snapshot.worker("h1")).hasValueSatisfying(worker -> {
        assertThat(worker.healthy()).isTrue();
        assertThat(worker.version()).isEqualTo("3.9.1");
        assertThat(worker.kafkaClusterId()).isEqualTo("q5Zx3cYDTyOvHYhSn3Lxnw");
        assertThat(worker.url()).isEqualTo(first.url().toString());
      });
      assertThat(snapshot.worker("h2")).hasValueSatisfying(worker -> {
        assertThat(worker.healthy()).isFalse();
        assertThat(worker.problem()).isEqualTo("does not answer within 800ms");
      });
      assertThat(snapshot.worker("h3")).map(WorkerState::problem).contains("does not answer (connection refused)");
      assertThat(snapshot.runningUnits()).containsExactly("connector file-source", "task file-source/0");
    }
  }

  @Test
  void workersThatHangCostTheTimeoutOnceNotOncePerWorker() throws IOException {
    first.healthy();
    Duration timeout = Duration.ofMillis(600);
    try (SilentServer hanging = SilentServer.start(); SilentServer alsoHanging = SilentServer.start()) {
      ConnectClusterProbe probe = new ConnectClusterProbe(
          workers("h1", first.url(), "h2", hanging.url(), "h3", alsoHanging.url()), timeout);

      long start = System.nanoTime();
      ConnectClusterSnapshot snapshot = probe.snapshot();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(timeout.multipliedBy(2));
      assertThat(snapshot.unhealthy()).extracting(WorkerState::host).containsExactly("h2", "h3");
    }
  }

  @Test
  void connectorsComeFromTheFirstHealthyWorker() {
    first.answer("GET /health", 503, "{\"status\":\"starting\",\"message\":\"Worker is still starting up.\"}")
        .answer("GET /connectors?expand=status", 200, "{}");
    second.healthy().answer("GET /connectors?expand=status", 200, ONE_RUNNING_CONNECTOR);

    ConnectClusterSnapshot snapshot = new ConnectClusterProbe(workers("h1", first.url(), "h2", second.url()),
        Duration.ofSeconds(5)).snapshot();

    assertThat(snapshot.worker("h1")).map(WorkerState::problem).contains("starting: Worker is still starting up.");
    assertThat(snapshot.worker("h2")).map(WorkerState::healthy).contains(true);
    assertThat(snapshot.connectors()).containsOnlyKeys("file-source");
    assertThat(first.requestLines()).doesNotContain("GET /connectors?expand=status");
  }

  @Test
  void noHealthyWorkerMeansNoConnectors() {
    first.answer("GET /health", 500, "{\"status\":\"unhealthy\",\"message\":\"tick thread stuck\"}");
    second.answer("GET /health", 503, "{\"status\":\"starting\",\"message\":\"Worker is still starting up.\"}");

    ConnectClusterSnapshot snapshot = new ConnectClusterProbe(workers("h1", first.url(), "h2", second.url()),
        Duration.ofSeconds(5)).snapshot();

    assertThat(snapshot.unhealthy()).extracting(WorkerState::problem)
        .containsExactly("unhealthy: tick thread stuck", "starting: Worker is still starting up.");
    assertThat(snapshot.connectors()).isEmpty();
  }

  @Test
  void workerThatAnswersHealthButNotTheStatusesIsUnhealthy() {
    first.healthy().answer("GET /connectors?expand=status", 500, "{\"error_code\":500,\"message\":\"boom\"}");
    second.healthy().answer("GET /connectors?expand=status", 200, ONE_RUNNING_CONNECTOR);

    ConnectClusterSnapshot snapshot = new ConnectClusterProbe(workers("h1", first.url(), "h2", second.url()),
        Duration.ofSeconds(5)).snapshot();

    assertThat(snapshot.worker("h1")).hasValueSatisfying(worker -> {
      assertThat(worker.healthy()).isFalse();
      assertThat(worker.problem()).contains("cannot list connector statuses", "HTTP 500: boom");
    });
    assertThat(snapshot.connectors()).containsOnlyKeys("file-source");
  }

  @Test
  void olderWorkerWithoutHealthEndpointIsProbedThroughItsConnectorList() {
    first.answer("GET /", 200, "{\"version\":\"3.7.2\",\"commit\":\"x\",\"kafka_cluster_id\":\"c\"}")
        .answer("GET /connectors", 200, "[]")
        .answer("GET /connectors?expand=status", 200, "{}");

    ConnectClusterSnapshot snapshot = new ConnectClusterProbe(workers("h1", first.url()), Duration.ofSeconds(5))
        .snapshot();

    assertThat(snapshot.worker("h1")).map(WorkerState::version).contains("3.7.2");
    assertThat(snapshot.allHealthy()).isTrue();
  }
}
