package dev.steward.coordinator.sandbox;

import dev.steward.agent.v1.PushArtifactResponse;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.agent.PlaintextLoopbackConnector;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.probe.PortCheck;
import dev.steward.coordinator.progress.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures the sandbox's agents through a deploy: each agent's startup (process start to
 * serving, one agent at a time so they do not compete for the CPU), its resident memory just
 * started, its peak while the Kafka distribution is pushed and during the deploy, and its memory
 * and CPU use once idle. The sandbox must be fresh (nothing pushed yet); it is always stopped at
 * the end, also when a step fails.
 */
public final class AgentBenchmark {

  /** How often startup polls for the agent's port: the resolution of the startup figure. */
  private static final Duration POLL = Duration.ofMillis(10);

  /** The deploy onto the started agents (the CLI's apply). */
  @FunctionalInterface
  public interface Deployment {

    /** @return why it failed; empty when it succeeded */
    Optional<String> apply(Inventory inventory);
  }

  /**
   * @param settle how long to wait before reading memory after a step, so the agent is done with it
   * @param idleWindow how long to count CPU time while nothing happens
   */
  public record Timing(Duration settle, Duration idleWindow) {
  }

  /** A step failed; the sandbox was stopped. */
  public static final class BenchmarkException extends Exception {

    private static final long serialVersionUID = 1L;

    public BenchmarkException(String message) {
      super(message);
    }
  }

  private final Sandbox sandbox;
  private final AgentProcesses agents;
  private final ProcessMeter meter;
  private final Progress progress;
  private final Timing timing;

  public AgentBenchmark(SandboxLayout layout, Progress progress, Timing timing) {
    this.sandbox = new Sandbox(layout, progress);
    this.agents = new AgentProcesses(layout);
    this.meter = new ProcessMeter();
    this.progress = progress;
    this.timing = timing;
  }

  public AgentBenchmarkResult run(Inventory inventory, KafkaArtifact artifact, Deployment deployment)
      throws BenchmarkException, IOException, InterruptedException {
    try {
      return measure(inventory, artifact, deployment);
    } finally {
      progress.phase("stopping the sandbox");
      sandbox.stop(inventory).forEach(progress::warn);
    }
  }

  private AgentBenchmarkResult measure(Inventory inventory, KafkaArtifact artifact, Deployment deployment)
      throws BenchmarkException, IOException, InterruptedException {
    progress.phase("starting agents, one at a time");
    Map<String, Duration> startup = new LinkedHashMap<>();
    Map<String, Long> pids = new LinkedHashMap<>();
    for (HostSpec host : inventory.hosts()) {
      startup.put(host.name(), startAlone(inventory, host));
      pids.put(host.name(), pidOf(host));
    }
    Thread.sleep(timing.settle().toMillis());
    Map<String, ProcessMeter.Memory> started = sample(pids);

    progress.phase("pushing " + artifact.file().getFileName() + " to every agent");
    boolean peaksReset = resetPeaks(pids);
    long pushStart = System.nanoTime();
    push(inventory, artifact);
    Duration pushTook = Duration.ofNanos(System.nanoTime() - pushStart);
    Map<String, ProcessMeter.Memory> push = sample(pids);

    progress.phase("deploying");
    peaksReset &= resetPeaks(pids);
    Optional<String> failure = deployment.apply(inventory);
    if (failure.isPresent()) {
      throw new BenchmarkException("the deploy failed:\n" + failure.get());
    }
    Map<String, ProcessMeter.Memory> deploy = sample(pids);

    progress.phase("idle for " + timing.idleWindow().toSeconds() + "s");
    Thread.sleep(timing.settle().toMillis());
    Map<String, Duration> cpuBefore = cpu(pids);
    Thread.sleep(timing.idleWindow().toMillis());
    Map<String, Duration> cpuAfter = cpu(pids);
    Map<String, ProcessMeter.Memory> idle = sample(pids);

    List<AgentBenchmarkResult.Agent> figures = new ArrayList<>();
    for (String host : pids.keySet()) {
      long idlePss = meter.proportionalKb(pids.get(host)).orElse(-1);
      figures.add(new AgentBenchmarkResult.Agent(host, pids.get(host), startup.get(host), started.get(host),
          push.get(host), deploy.get(host), idle.get(host), idlePss, cpuAfter.get(host).minus(cpuBefore.get(host))));
    }
    return new AgentBenchmarkResult(figures, pushTook, timing.idleWindow(), peaksReset,
        jvmOptions(pids.values().iterator().next()));
  }

  /**
   * Starts one agent and waits for it to serve. Its port is polled with plain connects (a gRPC
   * channel backs off for a second or more after a refused connection), then the health service
   * is asked once the port accepts.
   */
  private Duration startAlone(Inventory inventory, HostSpec host)
      throws BenchmarkException, IOException, InterruptedException {
    if (agents.running(host.name()).isPresent() || PortCheck.accepts(host.address(), host.agentPort(), POLL)) {
      throw new BenchmarkException(host.agentTarget() + " is already in use: the benchmark needs a sandbox of its "
          + "own (another --address-prefix, or stop the other one with `steward sandbox down`)");
    }
    long start = System.nanoTime();
    long deadline = start + Sandbox.AGENT_START_TIMEOUT.toNanos();
    agents.start(host.name(), host.address(), host.agentPort());
    while (!PortCheck.accepts(host.address(), host.agentPort(), POLL)) {
      requireBefore(deadline, host);
      Thread.sleep(POLL.toMillis());
    }
    try (Fleet fleet = new Fleet(inventory, new PlaintextLoopbackConnector())) {
      while (!fleet.agent(host).isServing(Duration.ofSeconds(2))) {
        requireBefore(deadline, host);
        Thread.sleep(POLL.toMillis());
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    progress.step(host.name(), "serving after " + AgentBenchmarkReport.seconds(took));
    return took;
  }

  private static void requireBefore(long deadline, HostSpec host) throws BenchmarkException {
    if (System.nanoTime() > deadline) {
      throw new BenchmarkException("the agent of " + host.name() + " did not serve within "
          + Sandbox.AGENT_START_TIMEOUT.toSeconds() + "s");
    }
  }

  /** The agent writes its pid file right after it starts serving. */
  private long pidOf(HostSpec host) throws BenchmarkException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> agent = agents.running(host.name());
      if (agent.isPresent()) {
        return agent.get().pid();
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new BenchmarkException("the agent of " + host.name() + " serves but wrote no pid file");
  }

  private void push(Inventory inventory, KafkaArtifact artifact) throws BenchmarkException {
    try (Fleet fleet = new Fleet(inventory, new PlaintextLoopbackConnector())) {
      Map<HostSpec, Fleet.Outcome<PushArtifactResponse>> pushed = fleet.onEach(inventory.hosts(),
          agent -> agent.pushArtifact(artifact.file(), artifact.sha512()));
      List<String> failed = pushed.entrySet().stream().filter(entry -> !entry.getValue().ok())
          .map(entry -> entry.getKey().name() + ": " + entry.getValue().errorMessage()).toList();
      if (!failed.isEmpty()) {
        throw new BenchmarkException("pushing " + artifact.file().getFileName() + " failed: "
            + String.join("; ", failed));
      }
    }
  }

  private boolean resetPeaks(Map<String, Long> pids) {
    boolean all = true;
    for (long pid : pids.values()) {
      all &= meter.resetPeak(pid);
    }
    return all;
  }

  private Map<String, ProcessMeter.Memory> sample(Map<String, Long> pids) throws BenchmarkException {
    Map<String, ProcessMeter.Memory> memory = new LinkedHashMap<>();
    for (Map.Entry<String, Long> agent : pids.entrySet()) {
      try {
        memory.put(agent.getKey(), meter.memory(agent.getValue()));
      } catch (IOException e) {
        throw gone(agent.getKey(), e);
      }
    }
    return memory;
  }

  private Map<String, Duration> cpu(Map<String, Long> pids) throws BenchmarkException {
    Map<String, Duration> cpu = new LinkedHashMap<>();
    for (Map.Entry<String, Long> agent : pids.entrySet()) {
      try {
        cpu.put(agent.getKey(), meter.cpuTime(agent.getValue()));
      } catch (IOException e) {
        throw gone(agent.getKey(), e);
      }
    }
    return cpu;
  }

  private static BenchmarkException gone(String host, IOException e) {
    return new BenchmarkException("the agent of " + host + " is gone (" + e.getMessage() + "): see its log");
  }

  /** The JVM's options (-X..., -D...) from the agent's command line and its argfile; not the class path. */
  private static List<String> jvmOptions(long pid) {
    try {
      String[] argv = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          StandardCharsets.UTF_8).split("\0");
      return AgentJvmOptions.expand(Arrays.asList(argv)).stream()
          .filter(arg -> arg.startsWith("-X") || arg.startsWith("-D"))
          .filter(arg -> !arg.startsWith("-Dsteward.home=")).toList();
    } catch (IOException e) {
      return List.of("(unknown: " + e.getMessage() + ")");
    }
  }
}
