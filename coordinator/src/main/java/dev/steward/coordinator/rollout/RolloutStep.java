package dev.steward.coordinator.rollout;

/**
 * One node's part of a rollout, as journaled.
 *
 * @param service the service's short name ("zookeeper", "kafka", "kafka-connect")
 * @param status "pending", "in_progress" (the restart was sent with {@code operationId};
 *     after a crash the same id is re-sent, which the agent deduplicates) or "done"
 * @param prepared for upgrades: the host already has the new binaries and config
 * @param registrationBefore for brokers: the ZooKeeper id of its registration before the
 *     restart (-1 if none), so readiness is only seen in the new process's registration
 * @param note what happened to the step beyond the plain path (an agent restart in its middle
 *     and how it was resolved); null when nothing did
 */
public record RolloutStep(
    String service,
    String host,
    String status,
    String operationId,
    boolean prepared,
    long registrationBefore,
    String why,
    long startedAtMillis,
    long finishedAtMillis,
    StepTimings timings,
    String note) {

  public static final String PENDING = "pending";
  public static final String IN_PROGRESS = "in_progress";
  public static final String DONE = "done";

  public static RolloutStep pending(String service, String host) {
    return new RolloutStep(service, host, PENDING, null, false, -1, null, 0, 0, null, null);
  }

  public boolean done() {
    return DONE.equals(status);
  }

  public RolloutStep started(String newOperationId, String newWhy, long registration, long now) {
    return new RolloutStep(service, host, IN_PROGRESS, newOperationId, prepared, registration, newWhy, now, 0, timings,
        note);
  }

  public RolloutStep preparedNow() {
    return new RolloutStep(service, host, status, operationId, true, registrationBefore, why, startedAtMillis,
        finishedAtMillis, timings, note);
  }

  public RolloutStep finished(long now, StepTimings stepTimings) {
    return new RolloutStep(service, host, DONE, operationId, prepared, registrationBefore, why, startedAtMillis, now,
        stepTimings, note);
  }

  /** The same step, carried on under another operation id (or counted done), with why. */
  public RolloutStep noted(String newOperationId, String newNote) {
    String notes = note == null ? newNote : note + "; " + newNote;
    return new RolloutStep(service, host, status, newOperationId, prepared, registrationBefore, why, startedAtMillis,
        finishedAtMillis, timings, notes);
  }

  /**
   * Where the time of one step went.
   *
   * @param restartMillis the agent's restart call: the service stopping (Kafka's controlled
   *     shutdown) and starting
   * @param catchUpMillis from the restart call's return until the node was seen ready
   *     (ZooKeeper synced, broker registered with full ISR): the service's own catch-up,
   *     observed by polling
   * @param gateMillis waiting before the step for it to be safe (availability, sync)
   * @param detectionLagMillis for brokers: how long after its registration (ZooKeeper's
   *     timestamp) Steward noticed it; -1 when not measured
   * @param electionMillis the preferred-leader election after a broker
   */
  public record StepTimings(long gateMillis, long prepareMillis, long restartMillis, long catchUpMillis,
      long detectionLagMillis, long electionMillis) {
  }
}
