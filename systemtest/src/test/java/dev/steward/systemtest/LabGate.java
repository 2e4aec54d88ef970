package dev.steward.systemtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the lab suite runs here. The lab needs root (network namespaces, mounts), the
 * cgroup layout it was measured on, and systemd-nspawn. {@code -Dlab=auto} (the default) runs
 * it when all are there and skips it with the reason otherwise; {@code -Dlab=required} fails
 * instead of skipping, but lets lab.sh install what apt can install (systemd-nspawn), so a
 * fresh CI machine can run it; {@code -Dlab=skip} never runs it.
 *
 * @param missing what no install can fix (root, the kernel's cgroup layout)
 * @param installable what lab.sh installs itself with apt-get when it is missing
 */
record LabGate(Mode mode, List<String> missing, List<String> installable) {

  /** -Dlab=... */
  enum Mode { AUTO, REQUIRED, SKIP }

  /** What to do. */
  enum Decision { RUN, SKIP, FAIL }

  static LabGate here() {
    List<String> missing = new ArrayList<>();
    List<String> installable = new ArrayList<>();
    if (!isRoot()) {
      missing.add("root");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/systemd-nspawn"))) {
      if (Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
        installable.add("systemd-nspawn (apt-get install systemd-container)");
      } else {
        missing.add("systemd-nspawn (package systemd-container)");
      }
    }
    if (!Files.isDirectory(Path.of("/sys/fs/cgroup/unified")) || !Files.isDirectory(Path.of("/sys/fs/cgroup/systemd"))) {
      missing.add("the cgroup v1 hybrid layout lab-notes.md was measured on (/sys/fs/cgroup/{unified,systemd})");
    }
    return new LabGate(mode(System.getProperty("lab", "auto")), missing, installable);
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
      case AUTO -> missing.isEmpty() && installable.isEmpty() ? Decision.RUN : Decision.SKIP;
      case REQUIRED -> missing.isEmpty() ? Decision.RUN : Decision.FAIL;
    };
  }

  String reason() {
    if (mode == Mode.SKIP) {
      return "the lab suite is off (-Dlab=skip)";
    }
    if (mode == Mode.REQUIRED) {
      return "the lab needs " + String.join(", ", missing) + " and -Dlab=required was given";
    }
    List<String> all = new ArrayList<>(missing);
    all.addAll(installable);
    return "the lab needs " + String.join(", ", all) + "; skipped (-Dlab=required makes this a failure"
        + (installable.isEmpty() ? "" : ", and lets lab.sh install " + String.join(", ", installable)) + ")";
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (Exception e) {
      return false;
    }
  }
}
