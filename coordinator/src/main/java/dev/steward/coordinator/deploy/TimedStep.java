package dev.steward.coordinator.deploy;

import java.time.Duration;

/** A named stretch of a command and how long it took, for the summary people read. */
public record TimedStep(String name, Duration took) {
}
