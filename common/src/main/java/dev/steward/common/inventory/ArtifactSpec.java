package dev.steward.common.inventory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Kafka distribution comes from: a local .tgz (resolved against the inventory's
 * directory) and its SHA-512. When the checksum is absent, a "FILE.sha512" beside the file
 * supplies it; one of the two must exist.
 */
public record ArtifactSpec(Path path, Optional<String> sha512) {
}
