package dev.steward.coordinator.smoke;

import java.time.Duration;

/** What the produce/consume round trip through the cluster showed. */
public record SmokeTestResult(String topic, int partitions, int replicationFactor, int produced, int consumed,
    Duration took, String error) {

  public boolean passed() {
    return error == null && consumed == produced && produced > 0;
  }
}
