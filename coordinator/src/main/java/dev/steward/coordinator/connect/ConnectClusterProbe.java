package dev.steward.coordinator.connect;

import dev.steward.coordinator.progress.Elapsed;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Observes a Connect cluster: every worker's health and identity, and every connector's status.
 * Workers are asked concurrently under one deadline, so a worker that hangs costs the probe its
 * timeout once, not once per request. A worker that does not answer is a finding, never an exception.
 */
public final class ConnectClusterProbe {

  private final Map<String, ConnectRestClient> clients;
  private final Duration timeout;

  /**
   * @param workers worker host to the worker's REST URL, in the order the rollout goes through them
   * @param timeout what one {@link #snapshot()} may take, about, even when a worker hangs
   */
  public ConnectClusterProbe(Map<String, URI> workers, Duration timeout) {
    this(workers, timeout, ConnectRestClient.newHttpClient(timeout));
  }

  ConnectClusterProbe(Map<String, URI> workers, Duration timeout, HttpClient http) {
    this.timeout = timeout;
    this.clients = new LinkedHashMap<>();
    workers.forEach((host, url) -> clients.put(host, new ConnectRestClient(url, timeout, http)));
  }

  public ConnectClusterSnapshot snapshot() {
    if (clients.isEmpty()) {
      return new ConnectClusterSnapshot(List.of(), Map.of());
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients.size(), task -> {
      Thread thread = new Thread(task, "connect-probe");
      // A thread still stuck on a hung worker must not keep the coordinator's JVM alive.
      thread.setDaemon(true);
      return thread;
    });
    try {
      Map<String, Future<Observation>> pending = new LinkedHashMap<>();
      clients.forEach((host, client) -> pending.put(host, pool.submit(() -> observe(host, client))));
      long deadline = System.nanoTime() + timeout.toNanos();
      List<WorkerState> workers = new ArrayList<>();
      Map<String, ConnectorStatus> connectors = null;
      for (Map.Entry<String, Future<Observation>> entry : pending.entrySet()) {
        Observation observation = await(entry.getKey(), entry.getValue(), deadline);
        workers.add(observation.worker());
        if (connectors == null && observation.worker().healthy()) {
          connectors = observation.connectors();
        }
      }
      return new ConnectClusterSnapshot(workers, connectors == null ? Map.of() : connectors);
    } finally {
      pool.shutdownNow();
    }
  }

  private record Observation(WorkerState worker, Map<String, ConnectorStatus> connectors) {

    static Observation unhealthy(String host, String url, String problem) {
      return new Observation(WorkerState.unhealthy(host, url, problem), Map.of());
    }
  }

  /**
   * Every healthy worker is asked for the statuses, though one answer is enough: asking only the
   * first healthy worker afterwards would need a second deadline, and the probe's bound would double.
   */
  private Observation observe(String host, ConnectRestClient client) {
    String url = client.baseUrl().toString();
    try {
      WorkerHealth health = client.health();
      if (!health.healthy()) {
        String message = health.message().isBlank() ? "" : ": " + health.message();
        return Observation.unhealthy(host, url, health.status() + message);
      }
      WorkerInfo info = client.root();
      try {
        return new Observation(WorkerState.healthy(host, url, info), client.statuses());
      } catch (ConnectRestException e) {
        return Observation.unhealthy(host, url, "reports healthy but cannot list connector statuses: "
            + e.getMessage());
      }
    } catch (ConnectRestException e) {
      return Observation.unhealthy(host, url, problem(e));
    }
  }

  private Observation await(String host, Future<Observation> observation, long deadline) {
    String url = clients.get(host).baseUrl().toString();
    try {
      return observation.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      observation.cancel(true);
      return Observation.unhealthy(host, url, "does not answer within " + Elapsed.format(timeout));
    } catch (ExecutionException e) {
      return Observation.unhealthy(host, url, "could not be probed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Observation.unhealthy(host, url, "not probed: interrupted");
    }
  }

  private String problem(ConnectRestException e) {
    if (e.answered()) {
      return "fails: " + e.getMessage();
    }
    if (e.getCause() instanceof HttpTimeoutException) {
      return "does not answer within " + Elapsed.format(timeout);
    }
    if (e.getCause() instanceof ConnectException) {
      return "does not answer (connection refused)";
    }
    return "does not answer (" + e.getMessage() + ")";
  }
}
