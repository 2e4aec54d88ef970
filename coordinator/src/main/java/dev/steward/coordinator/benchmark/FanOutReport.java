package dev.steward.coordinator.benchmark;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The benchmark's printed figures: one table with every agent up, one with some killed. */
final class FanOutReport {

  private static final String ROW = "%-10s %9s %8s %8s %8s %12s %16s   %s%n";
  private static final String DEAD_ROW = "%-10s %8s %12s %16s   %-15s %s%n";

  private final PrintWriter out;

  FanOutReport(PrintWriter out) {
    this.out = out;
  }

  void header() {
    out.printf(Locale.ROOT, ROW, "command", "first run", "min", "median", "max", "agents' CPU", "coordinator CPU",
        "hosts answered");
  }

  void row(FanOutCommand command, int hosts, TimedRun first, List<TimedRun> runs) {
    Spread spread = Spread.of(runs.stream().map(TimedRun::took).toList());
    TimedRun median = median(runs);
    TimedRun worst = Stream.concat(Stream.of(first), runs.stream())
        .min(Comparator.comparingInt(run -> run.answers().answered())).orElseThrow();
    String answered = worst.answers().answered() == hosts ? hosts + "/" + hosts + " in every run"
        : worst.answers().answered() + "/" + hosts + " at worst (not answering: " + String.join(", ", worst.answers().down()) + ")";
    out.printf(Locale.ROOT, ROW, command.label(), Spread.seconds(first.took()), Spread.seconds(spread.min()),
        Spread.seconds(spread.median()), Spread.seconds(spread.max()), Spread.seconds(median.agentsCpu()),
        Spread.seconds(median.coordinatorCpu()), answered);
  }

  void deadHeader(Map<String, Long> killed) {
    out.println();
    out.println("with " + killed.size() + " agent" + (killed.size() == 1 ? "" : "s") + " killed ("
        + killed.entrySet().stream().map(e -> e.getKey() + " pid " + e.getValue()).collect(Collectors.joining(", "))
        + "), one run each:");
    out.printf(Locale.ROOT, DEAD_ROW, "command", "took", "agents' CPU", "coordinator CPU", "hosts answered",
        "reported as not answering");
  }

  void deadRow(FanOutCommand command, int hosts, TimedRun run, SortedSet<String> dead) {
    SortedSet<String> down = run.answers().down();
    String reported = down.isEmpty() ? "none" : String.join(", ", down);
    if (!down.equals(dead)) {
      reported += " (expected exactly " + String.join(", ", dead) + ")";
    }
    out.printf(Locale.ROOT, DEAD_ROW, command.label(), Spread.seconds(run.took()), Spread.seconds(run.agentsCpu()),
        Spread.seconds(run.coordinatorCpu()), run.answers().answered() + "/" + hosts, reported);
  }

  /** What the commands said beyond the hosts, each once, and where the median run's time went. */
  void notes(Map<FanOutCommand, List<TimedRun>> runs) {
    runs.forEach((command, timed) -> {
      Set<String> notes = new LinkedHashSet<>();
      timed.forEach(run -> run.answers().note().ifPresent(notes::add));
      notes.forEach(note -> out.println("  " + command.label() + " said: " + note));
      TimedRun median = median(timed);
      if (!median.answers().steps().isEmpty()) {
        out.println("  " + command.label() + "'s steps" + (timed.size() > 1 ? " (its median run)" : "") + ": "
            + median.answers().steps().stream().map(step -> step.name() + " " + Spread.seconds(step.took()))
                .collect(Collectors.joining(", ")));
      }
    });
  }

  /** The run of median wall time (the later of the two middle ones for an even count). */
  private static TimedRun median(List<TimedRun> runs) {
    return runs.stream().sorted(Comparator.comparing(TimedRun::took)).toList().get(runs.size() / 2);
  }
}
