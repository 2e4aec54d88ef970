package dev.steward.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.ReadLogsRequest;
import dev.steward.agent.v1.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `steward logs HOST agent`: the agent's own log, where the agent knows it is; never a caller's path. */
class AgentOwnLogTest {

  @TempDir
  Path dir;

  static LogQuery query(int lines) {
    return LogQuery.of(ReadLogsRequest.newBuilder().setAgent(true).setLines(lines).build());
  }

  @Test
  void theAgentsOwnTimestampsCarryTheirOffset() {
    assertThat(Log4jTimestamps.micros("2026-12-06T01:02:03.456+00:00 INFO AgentMain - serving", ZoneOffset.UTC))
        .hasValue(Instant.parse("2026-12-06T01:02:03.456Z").toEpochMilli() * 1000);
    assertThat(Log4jTimestamps.micros("2026-12-06T02:02:03.456+01:00 WARN Agent - x", ZoneOffset.UTC))
        .as("the offset wins over the host's zone")
        .hasValue(Instant.parse("2026-12-06T01:02:03.456Z").toEpochMilli() * 1000);
    assertThat(Log4jTimestamps.micros("2026-12-06T01:02:03.456Z INFO x", ZoneOffset.UTC)).isPresent();
    assertThat(Log4jTimestamps.micros("2026-12-06 is not a stamp", ZoneOffset.UTC)).isEmpty();
  }

  @Test
  void underSystemdItIsTheJournalOfTheAgentsUnit() {
    assertThat(JournalLogSource.argv("journalctl", ServiceLogs.AGENT_UNIT, query(5))).containsExactly(
        "journalctl", "--unit", "steward-agent.service", "--output", "json", "--no-pager", "--quiet", "--lines", "5");
  }

  @Test
  void withoutSystemdItIsTheLogFileTheAgentWasStartedWith() throws Exception {
    Path log = Files.writeString(dir.resolve("h1-agent.log"),
        "2026-12-06T01:02:03.456+00:00 INFO AgentMain - one\n2026-12-06T01:02:04.456+00:00 INFO AgentMain - two\n");
    FileLogSource files = new FileLogSource(service -> {
      throw new AssertionError("no service's file is read for the agent's log");
    }, Clock.systemUTC());
    ServiceLogs logs = new ServiceLogs(service -> false, files, (query, stream) -> files.readFile(log, query, stream));
    TestStream stream = new TestStream();
    logs.readAgent(query(1), stream);
    assertThat(stream.lines).singleElement().satisfies(line -> {
      assertThat(line.getText()).isEqualTo("2026-12-06T01:02:04.456+00:00 INFO AgentMain - two");
      assertThat(line.getUnixMicros()).isEqualTo(Instant.parse("2026-12-06T01:02:04.456Z").toEpochMilli() * 1000);
    });
  }

  @Test
  void anAgentThatDoesNotKnowWhereItsLogIsSaysSo() {
    ServiceLogs logs = new ServiceLogs(service -> service == ServiceName.SERVICE_NAME_KAFKA, (s, q, st) -> { });
    assertThatThrownBy(() -> logs.readAgent(query(1), new TestStream()))
        .isInstanceOf(ServiceLogs.UnknownServiceException.class);
  }
}
