package dev.steward.agent.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which distribution a running service was started from. Both backends start a service in its
 * install directory (/opt/kafka, a link); the kernel resolved that link when the process changed
 * into it, so the process's working directory names the version it really runs, even after the
 * link has been switched to a new one for an upgrade.
 */
final class RunningFrom {

  private RunningFrom() {
  }

  static String of(long pid) {
    if (pid <= 0) {
      return "";
    }
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return "";
    }
  }
}
