package dev.steward.coordinator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentBenchmarkReportTest {

  private static AgentBenchmarkResult.Agent agent(String host, long idleKb) {
    return new AgentBenchmarkResult.Agent(host, 100, Duration.ofMillis(940),
        new ProcessMeter.Memory(51_200, 52_000, 14, 40_000), new ProcessMeter.Memory(55_000, 58_368, 15, 44_000),
        new ProcessMeter.Memory(60_000, 66_560, 18, 49_000), new ProcessMeter.Memory(idleKb, 66_560, 17, 40_960),
        45_056, Duration.ofMillis(30));
  }

  @Test
  void oneRowPerAgentInMebibytesSecondsAndCpuShare() {
    String text = AgentBenchmarkReport.text(new AgentBenchmarkResult(List.of(agent("h1", 61_440), agent("h2", 62_464)),
        Duration.ofMillis(1500), Duration.ofSeconds(30), true, List.of("-Xmx32m", "-XX:+UseSerialGC")));

    assertThat(text).contains("h1        0.94 s     50.0 MiB   57.0 MiB     65.0 MiB   60.0 MiB   40.0 MiB   44.0 MiB"
        + "       17    30 ms (0.10%)");
    assertThat(text).contains("largest idle RSS: 61.0 MiB");
    assertThat(text).contains("pushing the distribution to all agents at once took 1.50 s");
    assertThat(text).contains("agent JVM options: -Xmx32m -XX:+UseSerialGC");
    assertThat(text).doesNotContain("refused");
    assertThat(text).doesNotContain("n/a");
  }

  @Test
  void aFigureTheKernelDidNotGiveIsNotApplicable() {
    AgentBenchmarkResult.Agent agent = new AgentBenchmarkResult.Agent("h1", 100, Duration.ofMillis(940),
        new ProcessMeter.Memory(51_200, 52_000, 14, -1), new ProcessMeter.Memory(55_000, 58_368, 15, -1),
        new ProcessMeter.Memory(60_000, 66_560, 18, -1), new ProcessMeter.Memory(61_440, 66_560, 17, -1),
        -1, Duration.ofMillis(30));

    String text = AgentBenchmarkReport.text(new AgentBenchmarkResult(List.of(agent), Duration.ofMillis(1500),
        Duration.ofSeconds(30), true, List.of()));

    assertThat(text).contains("60.0 MiB        n/a        n/a");
  }

  @Test
  void saysWhenPeaksCouldNotBeReset() {
    String text = AgentBenchmarkReport.text(new AgentBenchmarkResult(List.of(agent("h1", 61_440)),
        Duration.ofMillis(1500), Duration.ofSeconds(30), false, List.of()));

    assertThat(text).contains("refused to reset VmHWM");
  }
}
