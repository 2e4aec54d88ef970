package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.LogLine;
import dev.steward.agent.v1.ReadLogsRequest;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.service.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `steward logs`: argument checks (before any host is contacted), the request, the merge by time. */
class LogsCliTest {

  static final String INVENTORY = "../docs/examples/five-nodes.yaml";

  record Run(int exit, String out, String err) {
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = StewardMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownHostIsBadInputNamingTheHosts() {
    Run run = run("logs", "-i", INVENTORY, "kafka-9", "kafka");
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("no host named kafka-9").contains("kafka-1, kafka-2, kafka-3, nas-1, edge-1");
  }

  @Test
  void anUnknownServiceIsBadInputNamingTheServices() {
    Run run = run("logs", "-i", INVENTORY, "kafka-1", "postgres");
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("no service named postgres").contains("zookeeper, kafka, kafka-connect");
  }

  @Test
  void aServiceTheHostDoesNotRunIsBadInputNamingWhatItRuns() {
    Run run = run("logs", "-i", INVENTORY, "nas-1", "kafka");
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("nas-1 does not run kafka").contains("it runs: zookeeper")
        .contains("kafka runs on: kafka-1, kafka-2, kafka-3, edge-1");
  }

  @Test
  void allHostsTakesOnlyTheService() {
    assertThat(run("logs", "-i", INVENTORY, "--all-hosts", "kafka-1", "kafka").exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run("logs", "-i", INVENTORY, "kafka").exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run("logs", "-i", INVENTORY, "--all-hosts", "kafka-connect").err())
        .contains("no host of the inventory runs kafka-connect");
  }

  @Test
  void theAgentsOwnLogIsOnEveryHost() throws Exception {
    dev.steward.common.inventory.Inventory inventory = new dev.steward.common.inventory.InventoryLoader(
        dev.steward.common.inventory.ValidationOptions.strict()).load(java.nio.file.Path.of(INVENTORY)).inventory();
    LogsCommand.Selection one = LogsCommand.select(inventory, java.util.List.of("nas-1", "agent"), false);
    assertThat(one.service()).isNull();
    assertThat(one.hosts()).extracting(h -> h.name()).containsExactly("nas-1");
    assertThat(LogsCommand.select(inventory, java.util.List.of("agent"), true).hosts()).hasSize(5);
    ReadLogsRequest request = LogsCommand.request(null, null, 20, true, Instant.now());
    assertThat(request.getAgent()).isTrue();
    assertThat(request.getService()).isEqualTo(dev.steward.agent.v1.ServiceName.SERVICE_NAME_UNSPECIFIED);
    assertThat(run("logs", "-i", INVENTORY, "kafka-1", "postgres").err()).contains("or agent");
  }

  @Test
  void certAndKeyGoTogetherAndNeedTls() {
    Run run = run("logs", "-i", INVENTORY, "kafka-1", "agent", "--cert", "alice.crt");
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("--cert and --key go together");
  }

  @Test
  void badSinceAndLinesAreBadInput() {
    assertThat(run("logs", "-i", INVENTORY, "kafka-1", "kafka", "--since", "yesterday").err())
        .contains("--since yesterday").contains("10m");
    assertThat(run("logs", "-i", INVENTORY, "kafka-1", "kafka", "--lines", "0").exit()).isEqualTo(ExitCode.BAD_INPUT);
  }

  @Test
  void theRequestCarriesTheServiceAndOptions() {
    Instant now = Instant.parse("2026-12-06T02:00:00Z");
    ReadLogsRequest request = LogsCommand.request(Services.byName("kafka").orElseThrow(), "10m", 50, true, now);
    assertThat(request.getService()).isEqualTo(ServiceName.SERVICE_NAME_KAFKA);
    assertThat(request.getSinceUnixMillis()).isEqualTo(Instant.parse("2026-12-06T01:50:00Z").toEpochMilli());
    assertThat(request.getLines()).isEqualTo(50);
    assertThat(request.getFollow()).isTrue();
    assertThat(LogsCommand.since("2026-12-06T01:00:00Z", now)).isEqualTo(Instant.parse("2026-12-06T01:00:00Z"));
    assertThat(LogsCommand.since("1d", now)).isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
    assertThatThrownBy(() -> LogsCommand.since("2027-01-01T00:00:00Z", now)).hasMessageContaining("future");
    ReadLogsRequest plain = LogsCommand.request(Services.byName("zookeeper").orElseThrow(), null, null, false, now);
    assertThat(plain.getSinceUnixMillis()).isZero();
    assertThat(plain.getLines()).isZero();
  }

  @Test
  void theMergerReleasesLinesInTimeOrderAfterTheWindow() {
    LogsCommand.Merger merger = new LogsCommand.Merger(300);
    merger.add("h2", line(20, "b"), 1000);
    merger.add("h1", line(10, "a"), 1100);
    merger.add("h3", line(30, "c"), 1100);
    assertThat(merger.due(1200)).isEmpty();
    assertThat(merger.due(1400)).extracting(h -> h.host() + ":" + h.line().getText())
        .containsExactly("h1:a", "h2:b", "h3:c");
    merger.add("h1", line(50, "d"), 2000);
    merger.add("h1", line(40, "e"), 2000);
    assertThat(merger.due(Long.MAX_VALUE)).extracting(h -> h.line().getText())
        .as("a host's own order is kept").containsExactly("d", "e");
    LogsCommand.Merger direct = new LogsCommand.Merger(0);
    direct.add("h1", line(5, "x"), 0);
    assertThat(direct.due(0)).hasSize(1);
  }

  private static LogLine line(long micros, String text) {
    return LogLine.newBuilder().setUnixMicros(micros).setText(text).build();
  }

  @Test
  void logsIsACommand() {
    Run run = run("logs", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("--follow").contains("--since").contains("--all-hosts").contains("--lines");
  }

}
