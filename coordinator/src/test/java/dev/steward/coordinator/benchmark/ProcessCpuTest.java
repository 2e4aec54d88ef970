package dev.steward.coordinator.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void aRunningProcessHasUsedCpuAndOneThatIsGoneCountsNothing() {
    long self = ProcessHandle.current().pid();
    Duration before = ProcessCpu.of(self);

    assertThat(before).isPositive();
    assertThat(ProcessCpu.of(List.of(self, Long.MAX_VALUE))).isGreaterThanOrEqualTo(before);
    assertThat(ProcessCpu.of(Long.MAX_VALUE)).isEqualTo(Duration.ZERO);
    assertThat(ProcessCpu.loadAverage()).matches("[0-9.]+ [0-9.]+ [0-9.]+");
  }
}
