package dev.steward.coordinator.connect;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One connector's state and its tasks' states, from {@code GET /connectors/NAME/status}.
 *
 * @param state the connector instance's own state (its tasks are reported separately)
 * @param type "source" or "sink"; null when the worker does not know it
 */
public record ConnectorStatus(String name, String state, String workerId, String type, List<TaskStatus> tasks) {

  public static final String RUNNING = "RUNNING";
  public static final String FAILED = "FAILED";

  public ConnectorStatus {
    tasks = tasks.stream().sorted(Comparator.comparingInt(TaskStatus::id)).toList();
  }

  /** The connector and every one of its tasks run: it is doing its work. */
  public boolean running() {
    return RUNNING.equals(state) && tasks.stream().allMatch(TaskStatus::running);
  }

  public List<TaskStatus> failedTasks() {
    return tasks.stream().filter(TaskStatus::failed).toList();
  }

  public Optional<TaskStatus> task(int id) {
    return tasks.stream().filter(task -> task.id() == id).findFirst();
  }
}
