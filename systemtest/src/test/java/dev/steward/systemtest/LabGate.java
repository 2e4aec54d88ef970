package dev.steward.systemtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the lab suite runs here. The lab needs root (network namespaces, mounts) and
 * systemd-nspawn; {@code -Dlab=auto} (the default) runs it when both are there and skips it
 * with the reason otherwise, {@code -Dlab=required} fails instead of skipping, and
 * {@code -Dlab=skip} never runs it.
 */
record LabGate(Mode mode, List<String> missing) {

  /** -Dlab=... */
  enum Mode { AUTO, REQUIRED, SKIP }

  /** What to do. */
  enum Decision { RUN, SKIP, FAIL }

  static LabGate here() {
    List<String> missing = new ArrayList<>();
    if (!isRoot()) {
      missing.add("root");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/systemd-nspawn"))) {
      missing.add("systemd-nspawn (apt-get install systemd-container)");
    }
    if (!Files.isDirectory(Path.of("/sys/fs/cgroup/unified")) || !Files.isDirectory(Path.of("/sys/fs/cgroup/systemd"))) {
      missing.add("the cgroup v1 hybrid layout lab-notes.md was measured on (/sys/fs/cgroup/{unified,systemd})");
    }
    return new LabGate(mode(System.getProperty("lab", "auto")), missing);
  }

  static Mode mode(String value) {
    try {
      return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-Dlab=" + value + ": use auto, required or skip", e);
    }
  }

  Decision decision() {
    return switch (mode) {
      case SKIP -> Decision.SKIP;
      case AUTO -> missing.isEmpty() ? Decision.RUN : Decision.SKIP;
      case REQUIRED -> missing.isEmpty() ? Decision.RUN : Decision.FAIL;
    };
  }

  String reason() {
    if (mode == Mode.SKIP) {
      return "the lab suite is off (-Dlab=skip)";
    }
    return "the lab needs " + String.join(", ", missing)
        + (mode == Mode.REQUIRED ? " and -Dlab=required was given" : "; skipped (-Dlab=required makes this a failure)");
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (Exception e) {
      return false;
    }
  }
}
