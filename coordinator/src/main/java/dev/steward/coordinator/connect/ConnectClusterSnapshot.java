package dev.steward.coordinator.connect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every Connect worker's state and every connector's status at one moment; decisions about the
 * Connect cluster read only this.
 *
 * @param workers in the order the rollout goes through them
 * @param connectors as one healthy worker reported them (the status topic makes every worker's view the same);
 *     empty when no worker was healthy
 */
public record ConnectClusterSnapshot(List<WorkerState> workers, Map<String, ConnectorStatus> connectors) {

  public ConnectClusterSnapshot {
    workers = List.copyOf(workers);
    connectors = Collections.unmodifiableMap(new TreeMap<>(connectors));
  }

  /** How {@link #runningUnits()} names a connector instance. */
  public static String connectorUnit(String connector) {
    return "connector " + connector;
  }

  /** How {@link #runningUnits()} names a task. */
  public static String taskUnit(String connector, int taskId) {
    return "task " + connector + "/" + taskId;
  }

  public Optional<WorkerState> worker(String host) {
    return workers.stream().filter(worker -> worker.host().equals(host)).findFirst();
  }

  public List<WorkerState> unhealthy() {
    return workers.stream().filter(worker -> !worker.healthy()).toList();
  }

  public boolean allHealthy() {
    return workers.stream().allMatch(WorkerState::healthy);
  }

  /**
   * Every connector instance and task that is RUNNING, as "connector NAME" and "task NAME/ID".
   * Taken before a restart and compared after it: what ran before must run again.
   */
  public Set<String> runningUnits() {
    return unitStates().entrySet().stream()
        .filter(unit -> ConnectorStatus.RUNNING.equals(unit.getValue()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Every connector instance and task (named as in {@link #runningUnits()}) with its current state. */
  public Map<String, String> unitStates() {
    Map<String, String> states = new LinkedHashMap<>();
    for (ConnectorStatus connector : connectors.values()) {
      states.put(connectorUnit(connector.name()), connector.state());
      for (TaskStatus task : connector.tasks()) {
        states.put(taskUnit(connector.name(), task.id()), task.state());
      }
    }
    return states;
  }

  /**
   * One line for progress output, e.g.
   * "workers h1 healthy, h2 does not answer (connection refused); connectors: 2 running, 1 FAILED (jdbc-sink)".
   */
  public String describe() {
    String workerText = workers.stream().map(WorkerState::describe).collect(Collectors.joining(", "));
    return "workers " + workerText + "; connectors: " + describeConnectors();
  }

  private String describeConnectors() {
    if (workers.stream().noneMatch(WorkerState::healthy)) {
      return "unknown (no healthy worker)";
    }
    if (connectors.isEmpty()) {
      return "none";
    }
    Map<String, List<String>> namesByCondition = new LinkedHashMap<>();
    namesByCondition.put("running", new ArrayList<>());
    for (ConnectorStatus connector : connectors.values()) {
      namesByCondition.computeIfAbsent(condition(connector), condition -> new ArrayList<>()).add(connector.name());
    }
    List<String> parts = new ArrayList<>();
    namesByCondition.forEach((condition, names) -> {
      if ("running".equals(condition)) {
        if (!names.isEmpty()) {
          parts.add(names.size() + " running");
        }
      } else {
        parts.add(names.size() + " " + condition + " (" + String.join(", ", names) + ")");
      }
    });
    return String.join(", ", parts);
  }

  /**
   * "running", or the state that keeps the connector from running: FAILED wins, because a failed
   * task needs a person while a connector that is still being assigned will run by itself.
   */
  private static String condition(ConnectorStatus connector) {
    if (connector.running()) {
      return "running";
    }
    if (ConnectorStatus.FAILED.equals(connector.state()) || !connector.failedTasks().isEmpty()) {
      return ConnectorStatus.FAILED;
    }
    if (!ConnectorStatus.RUNNING.equals(connector.state())) {
      return connector.state();
    }
    return connector.tasks().stream().filter(task -> !task.running()).findFirst().map(TaskStatus::state)
        .orElse(connector.state());
  }
}
