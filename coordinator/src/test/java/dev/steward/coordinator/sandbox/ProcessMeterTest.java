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
    assertThat(ProcessMeter.parseStatus(STATUS)).isEqualTo(new ProcessMeter.Memory(86712, 91080, 20, 66744));
  }

  @Test
  void aKernelThatDoesNotSplitResidentMemoryLeavesTheAnonymousPartUnknown() {
    assertThat(ProcessMeter.parseStatus("VmHWM:\t 9 kB\nVmRSS:\t 8 kB\nThreads:\t2\n").anonKb()).isEqualTo(-1);
  }

  @Test
  void smapsRollupGivesTheProportionalShare() {
    String rollup = """
        00400000-7ffd1b5f2000 ---p 00000000 00:00 0                              [rollup]
        Rss:               74900 kB
        Pss:               61234 kB
        Pss_Anon:          54700 kB
        Pss_File:           6534 kB
        """;

    assertThat(ProcessMeter.parseProportional(rollup)).hasValue(61234);
    assertThat(ProcessMeter.parseProportional("Rss: 1 kB\n")).isEmpty();
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
    assertThat(meter.proportionalKb(4242)).isEmpty();
    Files.writeString(process.resolve("smaps_rollup"), "Rss: 86712 kB\nPss: 70000 kB\n");
    assertThat(meter.proportionalKb(4242)).hasValue(70000);
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
    assertThat(memory.anonKb()).isPositive().isLessThanOrEqualTo(memory.rssKb());
    assertThat(meter.proportionalKb(self)).isPresent();
    assertThat(meter.proportionalKb(self).getAsLong()).isPositive();
    assertThat(meter.cpuTime(self)).isPositive();
  }
}
