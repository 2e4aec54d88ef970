package dev.steward.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.LogLine;
import dev.steward.agent.v1.ReadLogsRequest;
import dev.steward.agent.v1.ServiceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalLogSourceTest {

  @TempDir
  Path dir;

  @Test
  void parsesJournalctlJson() {
    LogLine line = JournalEntries.parse("{\"__REALTIME_TIMESTAMP\":\"1796523723456789\",\"PRIORITY\":\"6\","
        + "\"_SYSTEMD_UNIT\":\"kafka.service\",\"MESSAGE\":\"[2026-12-06 01:02:03,456] INFO started\"}").orElseThrow();
    assertThat(line.getUnixMicros()).isEqualTo(1796523723456789L);
    assertThat(line.getText()).isEqualTo("[2026-12-06 01:02:03,456] INFO started");
    assertThat(line.getPriorityPlusOne()).isEqualTo(7);
    // journald sends a message that is not clean UTF-8 text as an array of bytes
    LogLine bytes = JournalEntries.parse("{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":[104,105,27,91,109,195,169,10]}")
        .orElseThrow();
    assertThat(bytes.getText()).isEqualTo("hi\u001b[m\u00e9");
    assertThat(bytes.getPriorityPlusOne()).isZero();
    assertThat(JournalEntries.parse("{\"__REALTIME_TIMESTAMP\":\"2\",\"MESSAGE\":null}").orElseThrow().getText())
        .isEqualTo("[message not available]");
    assertThat(JournalEntries.parse("-- No entries --")).isEmpty();
    assertThat(JournalEntries.parse("[1,2]")).isEmpty();
  }

  @Test
  void theCommandLineNamesTheUnitNeverAPath() {
    LogQuery tail = LogQuery.of(ReadLogsRequest.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA).build());
    assertThat(JournalLogSource.argv("journalctl", ServiceName.SERVICE_NAME_KAFKA, tail)).containsExactly(
        "journalctl", "--unit", "kafka.service", "--output", "json", "--no-pager", "--quiet", "--lines", "10");
    LogQuery since = LogQuery.of(ReadLogsRequest.newBuilder().setService(ServiceName.SERVICE_NAME_ZOOKEEPER)
        .setSinceUnixMillis(1_796_523_723_999L).setFollow(true).build());
    assertThat(JournalLogSource.argv("journalctl", ServiceName.SERVICE_NAME_ZOOKEEPER, since)).containsExactly(
        "journalctl", "--unit", "zookeeper.service", "--output", "json", "--no-pager", "--quiet", "--since",
        "@1796523723", "--lines", "all", "--follow");
  }

  @Test
  void badQueriesAreRefused() {
    assertThatThrownBy(() -> LogQuery.of(ReadLogsRequest.newBuilder().setLines(100_001).build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LogQuery.of(ReadLogsRequest.newBuilder().setSinceUnixMillis(-1).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Path fakeJournalctl(String body) throws IOException {
    Path script = dir.resolve("journalctl");
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void aCancelledFollowKillsJournalctl() throws Exception {
    Path script = fakeJournalctl("""
        echo '{"__REALTIME_TIMESTAMP":"1000","MESSAGE":"too old"}'
        echo '{"__REALTIME_TIMESTAMP":"5000000","MESSAGE":"one"}'
        exec sleep 600
        """);
    AtomicReference<ProcessHandle> process = new AtomicReference<>();
    JournalLogSource source = new JournalLogSource(script.toString(), process::set);
    TestStream stream = new TestStream();
    LogQuery query = LogQuery.of(ReadLogsRequest.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA)
        .setSinceUnixMillis(2).setFollow(true).build());
    CompletableFuture<Throwable> reading = CompletableFuture.supplyAsync(() -> {
      try {
        source.read(ServiceName.SERVICE_NAME_KAFKA, query, stream);
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
    TestStream.waitUntil(Duration.ofSeconds(5), () -> stream.texts().contains("one"));
    ProcessHandle journalctl = process.get();
    assertThat(journalctl.isAlive()).isTrue();
    stream.cancel();
    assertThat(reading.get(5, TimeUnit.SECONDS)).isInstanceOf(LogStream.CancelledException.class);
    journalctl.onExit().get(5, TimeUnit.SECONDS);
    assertThat(journalctl.isAlive()).as("journalctl pid " + journalctl.pid()).isFalse();
    assertThat(stream.texts()).containsExactly("one");
  }

  @Test
  void aFailingJournalctlIsAnErrorWithItsMessage() throws Exception {
    Path script = fakeJournalctl("echo 'Failed to add filter for units: No data available' >&2\nexit 1\n");
    JournalLogSource source = new JournalLogSource(script.toString(), p -> { });
    LogQuery query = LogQuery.of(ReadLogsRequest.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA).build());
    assertThatThrownBy(() -> source.read(ServiceName.SERVICE_NAME_KAFKA, query, new TestStream()))
        .isInstanceOf(IOException.class).hasMessageContaining("status 1").hasMessageContaining("No data available");
  }

  @Test
  void withoutFollowTheCallEndsWithJournalctl() throws Exception {
    Path script = fakeJournalctl("""
        echo '{"__REALTIME_TIMESTAMP":"1","MESSAGE":"a"}'
        echo '{"__REALTIME_TIMESTAMP":"2","MESSAGE":"b"}'
        """);
    TestStream stream = new TestStream();
    new JournalLogSource(script.toString(), p -> { }).read(ServiceName.SERVICE_NAME_KAFKA,
        LogQuery.of(ReadLogsRequest.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA).build()), stream);
    assertThat(stream.texts()).isEqualTo(List.of("a", "b"));
  }
}
