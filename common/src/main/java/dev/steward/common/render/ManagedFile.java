package dev.steward.common.render;

/** The first line of every file Steward writes (except myid, which must hold only the number). */
final class ManagedFile {

  static final String HEADER = "# Managed by Steward: local changes are overwritten.";

  private ManagedFile() {
  }
}
