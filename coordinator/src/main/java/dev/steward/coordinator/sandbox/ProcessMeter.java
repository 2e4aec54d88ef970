package dev.steward.coordinator.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What a Linux process costs, read from /proc: resident memory (all of it, its own anonymous part, and its
 * proportional share), its peak, threads and CPU time.
 */
public final class ProcessMeter {

  /**
   * /proc/PID/stat counts CPU time in USER_HZ ticks, which the kernel fixes at 100 a second for
   * every user-space ABI (the kernel's own HZ may differ; the ABI does not).
   */
  static final int USER_HZ = 100;

  /**
   * One reading of /proc/PID/status.
   *
   * @param anonKb RssAnon: the resident pages that are the process's alone (heap, metaspace, stacks, malloc),
   *     as opposed to the pages of mapped files (libjvm, the JDK's CDS archive) that every JVM of the same JDK
   *     on the machine shares; -1 on a kernel older than 4.5, which does not tell
   */
  public record Memory(long rssKb, long peakRssKb, int threads, long anonKb) {
  }

  private final Path proc;

  public ProcessMeter() {
    this(Path.of("/proc"));
  }

  ProcessMeter(Path proc) {
    this.proc = proc;
  }

  public Memory memory(long pid) throws IOException {
    return parseStatus(Files.readString(file(pid, "status"), StandardCharsets.UTF_8));
  }

  /**
   * Pss from /proc/PID/smaps_rollup (Linux 4.14 on): resident memory with each page shared with other
   * processes counted by its share, so the sum over all processes is what the machine holds. Empty when the
   * kernel does not offer the file or refuses it.
   */
  public OptionalLong proportionalKb(long pid) {
    try {
      return parseProportional(Files.readString(file(pid, "smaps_rollup"),
          StandardCharsets.US_ASCII));
    } catch (IOException | SecurityException e) {
      return OptionalLong.empty();
    }
  }

  static OptionalLong parseProportional(String smapsRollup) {
    for (String line : smapsRollup.split("\n")) {
      if (line.startsWith("Pss:")) {
        return OptionalLong.of(kilobytes(line));
      }
    }
    return OptionalLong.empty();
  }

  /** User plus system CPU time the process has used so far. */
  public Duration cpuTime(long pid) throws IOException {
    return Duration.ofMillis(parseCpuTicks(stat(pid), false) * 1000 / USER_HZ);
  }

  /** {@link #cpuTime} plus that of the children it has waited for (an agent's {@code java -version}). */
  public Duration cpuTimeWithChildren(long pid) throws IOException {
    return Duration.ofMillis(parseCpuTicks(stat(pid), true) * 1000 / USER_HZ);
  }

  private String stat(long pid) throws IOException {
    return Files.readString(file(pid, "stat"), StandardCharsets.US_ASCII);
  }

  /**
   * Starts a new peak (VmHWM) from the current resident size, so that the next peak read belongs
   * to what happens from now on (proc(5), clear_refs: "5"). Needs the right to trace the process.
   *
   * @return false when the kernel refused: the peak then still covers the process's whole life
   */
  public boolean resetPeak(long pid) {
    try {
      Files.writeString(file(pid, "clear_refs"), "5", StandardCharsets.US_ASCII);
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private Path file(long pid, String name) {
    return proc.resolve(Long.toString(pid)).resolve(name);
  }

  static Memory parseStatus(String status) {
    long rss = -1;
    long peak = -1;
    int threads = -1;
    long anon = -1;
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        rss = kilobytes(line);
      } else if (line.startsWith("RssAnon:")) {
        anon = kilobytes(line);
      } else if (line.startsWith("VmHWM:")) {
        peak = kilobytes(line);
      } else if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.substring("Threads:".length()).trim());
      }
    }
    if (rss < 0 || peak < 0 || threads < 0) {
      throw new IllegalArgumentException("not a /proc/PID/status of a live process (VmRSS, VmHWM, Threads): "
          + status.lines().limit(3).toList());
    }
    return new Memory(rss, peak, threads, anon);
  }

  static long parseCpuTicks(String stat) {
    return parseCpuTicks(stat, false);
  }

  /**
   * utime + stime, fields 14 and 15 (with the children's: cutime + cstime, 16 and 17), counted
   * after the command name, which may hold spaces and parentheses.
   */
  static long parseCpuTicks(String stat, boolean withChildren) {
    int endOfName = stat.lastIndexOf(')');
    String[] fields = stat.substring(endOfName + 1).trim().split("\\s+");
    // fields[0] is field 3 (state)
    long ticks = 0;
    for (int field = 14; field <= (withChildren ? 17 : 15); field++) {
      ticks += Long.parseLong(fields[field - 3]);
    }
    return ticks;
  }

  private static long kilobytes(String line) {
    String value = line.substring(line.indexOf(':') + 1).trim();
    return Long.parseLong(value.split("\\s+")[0]);
  }
}
