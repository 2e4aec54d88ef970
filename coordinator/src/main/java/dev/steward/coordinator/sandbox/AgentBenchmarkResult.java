package dev.steward.coordinator.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * What {@link AgentBenchmark} measured, per agent.
 *
 * @param push how long pushing the distribution to every agent (at once, as a deploy does) took
 * @param idleWindow how long idle CPU was counted
 * @param peaksReset true when each peak covers only its own step; false when the kernel refused to reset
 *     VmHWM, so every peak reaches back to the agent's start
 * @param jvmOptions the options the agents' JVM ran with, for the record
 */
public record AgentBenchmarkResult(List<Agent> agents, Duration push, Duration idleWindow, boolean peaksReset,
                                   List<String> jvmOptions) {

  /**
   * One agent's figures.
   *
   * @param startup from starting its process to its health service answering SERVING
   * @param started resident memory a few seconds after it started serving
   * @param push peak while the coordinator pushed the Kafka distribution to it (and to the others)
   * @param deploy peak during the deploy: unpacking the distribution, configs, starting services
   * @param idle after the deploy and the idle window
   * @param idlePssKb the proportional share of {@code idle} ({@link ProcessMeter#proportionalKb}), -1 when the
   *     kernel does not tell
   * @param idleCpu user and system CPU time it used during the idle window
   */
  public record Agent(String host, long pid, Duration startup, ProcessMeter.Memory started, ProcessMeter.Memory push,
                      ProcessMeter.Memory deploy, ProcessMeter.Memory idle, long idlePssKb, Duration idleCpu) {
  }
}
