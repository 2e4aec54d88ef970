package dev.steward.coordinator.sandbox;

import java.time.Duration;
import java.util.Locale;

/** {@link AgentBenchmarkResult} as a table (sizes in MiB: /proc counts KiB). */
public final class AgentBenchmarkReport {

  private static final String ROW = "%-6s %9s %12s %10s %12s %10s %10s %10s %8s %16s%n";

  private AgentBenchmarkReport() {
  }

  public static String text(AgentBenchmarkResult result) {
    StringBuilder out = new StringBuilder();
    String idle = "CPU idle " + result.idleWindow().toSeconds() + "s";
    out.append(String.format(Locale.ROOT, ROW, "agent", "startup", "RSS started", "peak push", "peak deploy",
        "RSS idle", "anon idle", "PSS idle", "threads", idle));
    long worstIdle = 0;
    for (AgentBenchmarkResult.Agent agent : result.agents()) {
      out.append(String.format(Locale.ROOT, ROW, agent.host(), seconds(agent.startup()), mib(agent.started().rssKb()),
          mib(agent.push().peakRssKb()), mib(agent.deploy().peakRssKb()), mib(agent.idle().rssKb()),
          mib(agent.idle().anonKb()), mib(agent.idlePssKb()), agent.idle().threads(),
          cpu(agent.idleCpu(), result.idleWindow())));
      worstIdle = Math.max(worstIdle, agent.idle().rssKb());
    }
    out.append('\n');
    out.append("RSS is VmRSS, a peak is VmHWM (/proc/PID/status); CPU is utime+stime (/proc/PID/stat).\n");
    out.append("anon is RssAnon, the agent's own pages; the rest of its RSS are mapped files, mostly libjvm and the\n"
        + "JDK's CDS archive, which every JVM of the same JDK on the host shares. PSS (smaps_rollup) counts each\n"
        + "shared page by its share: the agent's part of the host's memory when the services' JVMs run beside it.\n");
    if (!result.peaksReset()) {
      out.append("note: the kernel refused to reset VmHWM: every peak reaches back to the agent's start\n");
    }
    out.append("pushing the distribution to all agents at once took ").append(seconds(result.push())).append('\n');
    out.append("largest idle RSS: ").append(mib(worstIdle)).append('\n');
    out.append("agent JVM options: ").append(String.join(" ", result.jvmOptions())).append('\n');
    return out.toString();
  }

  static String mib(long kilobytes) {
    if (kilobytes < 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f MiB", kilobytes / 1024.0);
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
  }

  static String cpu(Duration used, Duration window) {
    double percent = window.isZero() ? 0 : 100.0 * used.toMillis() / window.toMillis();
    return String.format(Locale.ROOT, "%d ms (%.2f%%)", used.toMillis(), percent);
  }
}
