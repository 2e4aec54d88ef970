package dev.steward.coordinator.agent;

import java.time.Instant;
import java.util.UUID;

/** The ids the coordinator gives the operations it asks agents to run, so their journals sort and stay apart. */
public final class OperationIds {

  private OperationIds() {
  }

  /** One run's suffix, e.g. "20261206172405-1a2b3c4d": its start to the second, then a random part. */
  public static String runId(Instant started) {
    return started.toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
