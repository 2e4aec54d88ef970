package dev.steward.common.render;

/** The first line of every file Steward writes (except myid, which must hold only the number). */
final class ManagedFile {

  static final String HEADER = "# Managed by Steward: local changes are overwritten.";

  private ManagedFile() {
  }

  /**
   * The first line of a file the agent keeps for one resource and rewrites on every apply,
   * naming that resource (e.g. "kafka service").
   */
  static String header(String resource) {
    return "# Managed by Steward (" + resource + " resource): changes here are overwritten by the next apply.";
  }
}
