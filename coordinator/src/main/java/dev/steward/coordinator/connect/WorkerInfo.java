package dev.steward.coordinator.connect;

/** What a Connect worker says about itself on {@code GET /}. */
public record WorkerInfo(String version, String commit, String kafkaClusterId) {
}
