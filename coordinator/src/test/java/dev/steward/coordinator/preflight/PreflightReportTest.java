package dev.steward.coordinator.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.CheckOutcome;
import dev.steward.agent.v1.RunPreflightResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightReportTest {

  private static HostCheck check(String host, String name, CheckOutcome outcome) {
    return new HostCheck(host, name, outcome, "2.0 GiB", ">= 4.0 GiB", "add memory or lower preflight.minMemory");
  }

  @Test
  void tableHasOneRowPerHostOneColumnPerCheckKindAndALineForEveryFailure() {
    PreflightReport report = new PreflightReport(List.of(
        check("h1", "memory", CheckOutcome.CHECK_OUTCOME_PASS),
        check("h1", "disk:/var/lib/kafka/logs", CheckOutcome.CHECK_OUTCOME_PASS),
        check("h1", "disk:/var/lib/zookeeper", CheckOutcome.CHECK_OUTCOME_PASS),
        check("h2", "memory", CheckOutcome.CHECK_OUTCOME_FAIL),
        check("h2", "disk:/var/lib/kafka/logs", CheckOutcome.CHECK_OUTCOME_PASS),
        check("h2", "disk:/var/lib/zookeeper", CheckOutcome.CHECK_OUTCOME_WARN)));

    String table = report.table();

    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).extracting(HostCheck::host).containsExactly("h2");
    assertThat(table.lines().toList().subList(0, 3)).containsExactly(
        "HOST  memory  disk",
        "h1    ok      ok",
        "h2    FAIL    WARN");
    assertThat(table).contains("FAIL h2 memory: 2.0 GiB (required >= 4.0 GiB). add memory or lower preflight.minMemory")
        .contains("WARN h2 disk:/var/lib/zookeeper");
  }

  @Test
  void warningsAloneDoNotStopAnApply() {
    PreflightReport report = new PreflightReport(List.of(check("h1", "peer:h2:7443", CheckOutcome.CHECK_OUTCOME_WARN)));

    assertThat(report.passed()).isTrue();
  }

  @Test
  void clockSkewBeyondTheLimitFailsAllowingForTheRoundTrip() {
    long sent = 1_000_000;
    // The host answered 3 s ahead of the midpoint of a 200 ms round trip.
    RunPreflightResponse ahead = RunPreflightResponse.newBuilder().setClockUnixMillis(sent + 100 + 3000).build();
    RunPreflightResponse close = RunPreflightResponse.newBuilder().setClockUnixMillis(sent + 100 + 150).build();

    HostCheck skewed = PreflightRunner.clockCheck("h1",
        new PreflightRunner.TimedResponse(ahead, sent, sent + 200), Duration.ofSeconds(2));
    HostCheck fine = PreflightRunner.clockCheck("h1",
        new PreflightRunner.TimedResponse(close, sent, sent + 200), Duration.ofSeconds(2));

    assertThat(skewed.failed()).isTrue();
    assertThat(skewed.observed()).isEqualTo("2900ms off");
    assertThat(skewed.message()).contains("synchronise the clocks");
    assertThat(fine.failed()).isFalse();
  }
}
