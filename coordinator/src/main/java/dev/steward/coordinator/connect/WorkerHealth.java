package dev.steward.coordinator.connect;

/**
 * A worker's answer to {@code GET /health} (KIP-1017).
 *
 * @param status Connect's own word: "healthy", "starting" or "unhealthy"
 * @param message Connect's explanation, e.g. why the worker is not ready yet
 */
public record WorkerHealth(boolean healthy, String status, String message) {

  public WorkerHealth {
    status = status == null ? "" : status;
    message = message == null ? "" : message;
  }
}
