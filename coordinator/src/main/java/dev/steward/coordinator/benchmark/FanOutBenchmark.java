package dev.steward.coordinator.benchmark;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryException;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.agent.AgentConnector;
import dev.steward.coordinator.agent.FanOutLimits;
import dev.steward.coordinator.agent.PlaintextLoopbackConnector;
import dev.steward.coordinator.artifact.ArtifactException;
import dev.steward.coordinator.artifact.ArtifactResolver;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.sandbox.SandboxLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * `steward benchmark fan-out`: starts N agents on loopback addresses, times status, preflight and
 * plan against all of them, then kills some and times each once more. It prints figures and never
 * judges them; it fails only when a command heard from the wrong hosts. Every agent it started is
 * stopped, and its directory removed, however it ends.
 */
public final class FanOutBenchmark {

  private final FanOutOptions options;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * @param out the figures
   * @param err what it is doing meanwhile
   */
  public FanOutBenchmark(FanOutOptions options, PrintWriter out, PrintWriter err) {
    this.options = options;
    this.out = out;
    this.err = err;
  }

  /** @return true when every run heard from every agent that was up, and named exactly the killed ones */
  public boolean run() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("steward-fanout-");
    BenchmarkAgents agents = new BenchmarkAgents(dir);
    Thread cleanUpOnExit = new Thread(() -> cleanUp(agents, dir), "fan-out-benchmark-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
    try {
      return measure(dir, agents);
    } finally {
      cleanUp(agents, dir);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway, and finds nothing left to do
      }
      List<ProcessHandle> left = agents.leftovers();
      err.println(left.isEmpty() ? "stopped the " + agents.started() + " agents it started; removed " + dir
          : "could not stop: pids " + left.stream().map(p -> Long.toString(p.pid())).toList());
      err.flush();
    }
  }

  private boolean measure(Path dir, BenchmarkAgents agents) throws IOException, InterruptedException {
    Path artifact = dir.resolve("kafka_2.13-" + FanOutInventory.KAFKA_VERSION + ".tgz");
    Files.writeString(artifact, "a stand-in for the Kafka distribution: plan never pushes it\n");
    String sha512 = sha512(artifact);
    int hosts = options.hosts();
    Inventory inventory = inventory(FanOutInventory.yaml(options, hosts, artifact, sha512), dir);

    err.println("starting " + hosts + " agents on " + options.address(1) + "-" + options.address(hosts) + " in " + dir);
    err.flush();
    long start = System.nanoTime();
    agents.start(count -> inventory(FanOutInventory.yaml(options, count, artifact, sha512), dir), hosts, line -> {
      err.println(line);
      err.flush();
    });
    Duration startup = Duration.ofNanos(System.nanoTime() - start);

    out.println("fan-out to " + hosts + " agents on " + options.address(1) + "-" + options.address(hosts)
        + " (started in " + Spread.seconds(startup) + "), at most " + FanOutLimits.MAX_CONCURRENT_CALLS
        + " calls at a time;");
    out.println("each command run once, then " + (options.runs() == 1 ? "once more" : options.runs() + " times more")
        + " for min / median / max, in this process with fresh connections every run;");
    out.println("CPU: the median run's, the agents' with their children's (java -version);");
    out.println("this machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average "
        + ProcessCpu.loadAverage() + " before the first run:");
    FanOutReport report = new FanOutReport(out);
    Runner runner = new Runner(inventory, new PlaintextLoopbackConnector(), new KafkaArtifact(artifact, sha512), agents);
    boolean right = allUp(runner, report);
    if (options.dead() > 0) {
      right &= withDead(runner, report, agents);
    }
    out.println("load average after the last run: " + ProcessCpu.loadAverage());
    out.flush();
    return right;
  }

  /** Every command with every agent up; true when each run heard from all of them. */
  private boolean allUp(Runner runner, FanOutReport report) {
    report.header();
    boolean right = true;
    Map<FanOutCommand, List<TimedRun>> timings = new EnumMap<>(FanOutCommand.class);
    for (FanOutCommand command : FanOutCommand.values()) {
      // the first run meets agents that have never served this call (their JIT is cold, as after an
      // agent restart): shown on its own, kept out of the figures of the runs after it
      TimedRun first = runner.timed(command);
      List<TimedRun> runs = new ArrayList<>();
      for (int i = 0; i < options.runs(); i++) {
        runs.add(runner.timed(command));
      }
      timings.put(command, runs);
      report.row(command, options.hosts(), first, runs);
      out.flush();
      right &= first.answers().down().isEmpty() && runs.stream().allMatch(run -> run.answers().down().isEmpty());
    }
    report.notes(timings);
    return right;
  }

  /** Kills the last agents, then every command once; true when each named exactly those as not answering. */
  private boolean withDead(Runner runner, FanOutReport report, BenchmarkAgents agents) throws IOException {
    SortedSet<String> dead = new TreeSet<>();
    IntStream.rangeClosed(options.hosts() - options.dead() + 1, options.hosts())
        .mapToObj(host -> FanOutInventory.hostName(options, host)).forEach(dead::add);
    report.deadHeader(agents.kill(List.copyOf(dead)));
    boolean right = true;
    Map<FanOutCommand, List<TimedRun>> timings = new EnumMap<>(FanOutCommand.class);
    for (FanOutCommand command : FanOutCommand.values()) {
      TimedRun run = runner.timed(command);
      timings.put(command, List.of(run));
      report.deadRow(command, options.hosts(), run, dead);
      out.flush();
      right &= run.answers().down().equals(dead);
    }
    report.notes(timings);
    return right;
  }

  /** Runs one command against the agents, timing it and the CPU spent meanwhile. */
  private record Runner(Inventory inventory, AgentConnector connector, KafkaArtifact artifact, BenchmarkAgents agents) {

    TimedRun timed(FanOutCommand command) {
      List<Long> agentPids = agents.pids();
      long self = ProcessHandle.current().pid();
      Duration agentsBefore = ProcessCpu.of(agentPids);
      Duration selfBefore = ProcessCpu.of(self);
      long start = System.nanoTime();
      FanOutCommand.Answers answers = command.run(inventory, connector, artifact);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return new TimedRun(took, ProcessCpu.of(agentPids).minus(agentsBefore), ProcessCpu.of(self).minus(selfBefore),
          answers);
    }
  }

  private static Inventory inventory(String yaml, Path dir) {
    try {
      return new InventoryLoader(ValidationOptions.strict()).parse(yaml, dir, "the fan-out benchmark's inventory")
          .inventory();
    } catch (InventoryException e) {
      throw new IllegalStateException("the generated inventory is invalid: " + e.getMessage(), e);
    }
  }

  private static String sha512(Path file) throws IOException {
    try {
      return ArtifactResolver.sha512(file);
    } catch (ArtifactException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void cleanUp(BenchmarkAgents agents, Path dir) {
    agents.close();
    try {
      new SandboxLayout(dir).deleteAll();
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
