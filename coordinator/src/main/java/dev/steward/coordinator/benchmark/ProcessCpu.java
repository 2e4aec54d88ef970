package dev.steward.coordinator.benchmark;

import dev.steward.coordinator.sandbox.ProcessMeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

/**
 * CPU time used by processes, read from {@code /proc/<pid>/stat}: their own and their waited-for
 * children's, since an agent runs {@code java -version} as a child for every facts and preflight
 * call. On one machine every agent's work shares its cores, so this says how much of a command's
 * wall time is the agents' and how much the coordinator's.
 */
final class ProcessCpu {

  private static final ProcessMeter METER = new ProcessMeter();

  private ProcessCpu() {
  }

  static Duration of(Collection<Long> pids) {
    return pids.stream().map(ProcessCpu::of).reduce(Duration.ZERO, Duration::plus);
  }

  /** Zero for a process that is gone: its time no longer counts anywhere. */
  static Duration of(long pid) {
    try {
      return METER.cpuTimeWithChildren(pid);
    } catch (IOException | RuntimeException e) {
      return Duration.ZERO;
    }
  }

  /** The 1, 5 and 15 minute load averages, as the kernel prints them. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
