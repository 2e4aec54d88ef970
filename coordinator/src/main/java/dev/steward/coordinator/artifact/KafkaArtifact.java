package dev.steward.coordinator.artifact;

import java.nio.file.Path;

/** A Kafka distribution on the coordinator's disk, with its verified SHA-512. */
public record KafkaArtifact(Path file, String sha512) {
}
