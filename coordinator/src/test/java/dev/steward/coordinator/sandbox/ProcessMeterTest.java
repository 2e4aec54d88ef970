package dev.steward.coordinator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMeterTest {

  private static final String STATUS = """
      Name:\tjava
      VmPeak:\t 2419852 kB
      VmHWM:\t   91080 kB
      VmRSS:\t   86712 kB
      RssAnon:\t   66744 kB
      Threads:\t20
      """;

  @TempDir
  Path proc;

  @Test
  void statusGivesResidentMemoryItsPeakAndThreads() {
    assertThat(ProcessMeter.parseStatus(STATUS)).isEqualTo(new ProcessMeter.Memory(86712, 91080, 20));
  }

  @Test
  void aStatusWithoutMemoryIsNoLiveProcess() {
    // a zombie has no VmRSS line
    assertThatThrownBy(() -> ProcessMeter.parseStatus("Name:\tjava\nState:\tZ (zombie)\nThreads:\t1\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VmRSS");
  }

  @Test
  void cpuTimeIsUserPlusSystemTicksEvenWhenTheNameHasSpacesAndParentheses() {
    String stat = "4242 (java (agent) x) S 1 4242 4242 0 -1 4194560 9000 0 12 0 731 269 0 0 20 0 21 0 123 0 0";

    assertThat(ProcessMeter.parseCpuTicks(stat)).isEqualTo(731 + 269);
  }

  @Test
  void withChildrenAlsoCountsTheTimeOfTheChildrenItWaitedFor() {
    String stat = "4242 (java (agent) x) S 1 4242 4242 0 -1 4194560 9000 0 12 0 731 269 40 11 20 0 21 0 123 0 0";

    assertThat(ProcessMeter.parseCpuTicks(stat, true)).isEqualTo(731 + 269 + 40 + 11);
    assertThat(ProcessMeter.parseCpuTicks(stat, false)).isEqualTo(731 + 269);
  }

  @Test
  void readsAndResetsThroughProc() throws Exception {
    Path process = Files.createDirectories(proc.resolve("4242"));
    Files.writeString(process.resolve("status"), STATUS);
    Files.writeString(process.resolve("stat"), "4242 (java) S 1 2 3 4 5 6 7 8 9 10 150 50 0 0\n");
    ProcessMeter meter = new ProcessMeter(proc);

    assertThat(meter.memory(4242).rssKb()).isEqualTo(86712);
    assertThat(meter.cpuTime(4242)).isEqualTo(Duration.ofMillis(2000));
    assertThat(meter.resetPeak(4242)).isTrue();
    assertThat(Files.readString(process.resolve("clear_refs"))).isEqualTo("5");
    assertThat(meter.resetPeak(1)).isFalse();
  }

  @Test
  void measuresThisJvm() throws Exception {
    long self = ProcessHandle.current().pid();
    ProcessMeter meter = new ProcessMeter();

    ProcessMeter.Memory memory = meter.memory(self);

    assertThat(memory.rssKb()).isPositive();
    assertThat(memory.peakRssKb()).isGreaterThanOrEqualTo(memory.rssKb());
    assertThat(memory.threads()).isPositive();
    assertThat(meter.cpuTime(self)).isPositive();
  }
}
