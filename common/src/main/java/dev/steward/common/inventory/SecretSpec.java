package dev.steward.common.inventory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A secret the coordinator reads when it applies, never a value in the inventory: from an
 * environment variable of the coordinator's process, or from a file on its machine (the file's
 * content, without a trailing newline). Exactly one of the two is present.
 */
public record SecretSpec(String name, Optional<String> env, Optional<Path> file) {

  /** Where it comes from, for messages (never the value). */
  public String source() {
    return env.map(e -> "environment variable " + e).orElseGet(() -> "file " + file.orElseThrow());
  }
}
