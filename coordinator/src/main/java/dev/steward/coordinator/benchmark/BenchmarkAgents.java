package dev.steward.coordinator.benchmark;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.progress.Progress;
import dev.steward.coordinator.sandbox.AgentProcesses;
import dev.steward.coordinator.sandbox.Sandbox;
import dev.steward.coordinator.sandbox.SandboxLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The benchmark's agents, started by the sandbox's own code (each on its loopback address,
 * plaintext, with its host root, pid file and log under the benchmark's directory), and killed or
 * stopped only by the pids they wrote there.
 */
final class BenchmarkAgents implements AutoCloseable {

  /**
   * Agents start this many at a time. Ten JVMs starting together took 15-20 s to serve on the
   * two-core machine this was measured on; fifty at once share the same cores for five times as
   * long, past the 60 s the sandbox gives each agent to start.
   */
  static final int START_BATCH = 10;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final AgentProcesses processes;
  private final Sandbox sandbox;
  private final List<String> hosts = new ArrayList<>();

  BenchmarkAgents(Path dir) {
    SandboxLayout layout = new SandboxLayout(dir);
    this.processes = new AgentProcesses(layout);
    this.sandbox = new Sandbox(layout, Progress.silent());
  }

  /**
   * Starts the agents of hosts 1 to {@code count}, a batch at a time, and returns once every one
   * serves.
   *
   * @param firstHosts the inventory of the first k hosts
   * @param report one line per batch
   */
  void start(IntFunction<Inventory> firstHosts, int count, Consumer<String> report)
      throws IOException, InterruptedException {
    for (int from = 1; from <= count; from += START_BATCH) {
      int to = Math.min(count, from + START_BATCH - 1);
      Inventory inventory = firstHosts.apply(to);
      synchronized (this) {
        // known before it starts, so that close() stops it whatever happens next
        inventory.hosts().subList(from - 1, to).forEach(host -> hosts.add(host.name()));
      }
      long start = System.nanoTime();
      sandbox.startAgents(inventory);
      report.accept("agents " + inventory.hosts().get(from - 1).name() + "-" + inventory.hosts().get(to - 1).name()
          + " serving after "
          + Spread.seconds(Duration.ofNanos(System.nanoTime() - start)));
    }
  }

  /** Kills each host's agent (SIGKILL, by the pid it wrote) and waits until it is gone; host to pid. */
  Map<String, Long> kill(List<String> names) throws IOException {
    Map<String, Long> killed = new LinkedHashMap<>();
    for (String name : names) {
      ProcessHandle agent = processes.running(name)
          .orElseThrow(() -> new IOException("the agent of " + name + " is not running, so it cannot be killed"));
      agent.destroyForcibly();
      try {
        agent.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException("the agent of " + name + " (pid " + agent.pid() + ") did not exit after SIGKILL", e);
      }
      killed.put(name, agent.pid());
    }
    return killed;
  }

  /** The pids of the agents running now. */
  synchronized List<Long> pids() {
    return hosts.stream().map(processes::running).flatMap(java.util.Optional::stream).map(ProcessHandle::pid).toList();
  }

  synchronized int started() {
    return hosts.size();
  }

  /** Processes still running from the benchmark's directory: none once it is closed. */
  List<ProcessHandle> leftovers() {
    return processes.strayServices();
  }

  /** Stops every agent it started: all asked at once (SIGTERM), then each waited for, killed if it lingers. */
  @Override
  public synchronized void close() {
    hosts.forEach(host -> processes.running(host).ifPresent(ProcessHandle::destroy));
    hosts.forEach(host -> processes.stop(host, STOP_GRACE));
    // an agent that had not written its pid file yet is still known by its command line
    processes.strayServices().forEach(stray -> AgentProcesses.terminate(stray, STOP_GRACE));
  }
}
