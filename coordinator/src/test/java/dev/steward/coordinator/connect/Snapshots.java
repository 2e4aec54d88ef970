package dev.steward.coordinator.connect;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain-data Connect clusters for the deciders' tests. */
final class Snapshots {

  private Snapshots() {
  }

  static WorkerState up(String host) {
    return WorkerState.healthy(host, "http://" + host + ":8083", new WorkerInfo("3.9.1", "abc", "cluster-1"));
  }

  static WorkerState down(String host) {
    return WorkerState.unhealthy(host, "http://" + host + ":8083", "does not answer (connection refused)");
  }

  static WorkerState starting(String host) {
    return WorkerState.unhealthy(host, "http://" + host + ":8083", "starting: Worker is still starting up.");
  }

  static TaskStatus task(int id, String state) {
    return new TaskStatus(id, state, "h1:8083", "FAILED".equals(state) ? "java.lang.RuntimeException" : null);
  }

  static ConnectorStatus connector(String name, String state, TaskStatus... tasks) {
    return new ConnectorStatus(name, state, "h1:8083", "source", List.of(tasks));
  }

  static ConnectClusterSnapshot snapshot(List<WorkerState> workers, ConnectorStatus... connectors) {
    Map<String, ConnectorStatus> byName = new LinkedHashMap<>();
    Arrays.stream(connectors).forEach(connector -> byName.put(connector.name(), connector));
    return new ConnectClusterSnapshot(workers, byName);
  }

  /** Three healthy workers running file-source (2 tasks) and jdbc-sink (1 task). */
  static ConnectClusterSnapshot allRunning() {
    return snapshot(List.of(up("h1"), up("h2"), up("h3")),
        connector("file-source", "RUNNING", task(0, "RUNNING"), task(1, "RUNNING")),
        connector("jdbc-sink", "RUNNING", task(0, "RUNNING")));
  }
}
