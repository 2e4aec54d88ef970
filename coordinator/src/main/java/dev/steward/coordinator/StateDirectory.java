package dev.steward.coordinator;

import java.nio.file.Path;

/** Where the coordinator keeps its own state (rollout journals, audit logs): $STEWARD_STATE_DIR or ~/.steward. */
public final class StateDirectory {

  private StateDirectory() {
  }

  public static Path root() {
    String base = System.getenv("STEWARD_STATE_DIR");
    return base == null || base.isBlank() ? Path.of(System.getProperty("user.home"), ".steward") : Path.of(base);
  }
}
