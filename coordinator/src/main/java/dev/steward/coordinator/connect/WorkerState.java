package dev.steward.coordinator.connect;

/**
 * One Connect worker as a probe found it.
 *
 * @param version the worker's Kafka version; null when it did not say
 * @param kafkaClusterId the Kafka cluster the worker stores its state in; null when it did not say
 * @param problem empty when healthy, else why not: "does not answer", "starting: ...", ...
 */
public record WorkerState(String host, String url, boolean healthy, String version, String kafkaClusterId,
    String problem) {

  public WorkerState {
    problem = problem == null ? "" : problem.strip();
    if (healthy) {
      problem = "";
    } else if (problem.isEmpty()) {
      problem = "unhealthy";
    }
  }

  public static WorkerState healthy(String host, String url, WorkerInfo info) {
    return new WorkerState(host, url, true, info.version(), info.kafkaClusterId(), "");
  }

  public static WorkerState unhealthy(String host, String url, String problem) {
    return new WorkerState(host, url, false, null, null, problem);
  }

  /** e.g. "h1 healthy", "h2 does not answer", "h3 starting: Worker is still starting up". */
  public String describe() {
    return host + " " + (healthy ? "healthy" : problem);
  }
}
