package dev.steward.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.LogLine;
import dev.steward.agent.v1.ReadLogsRequest;
import dev.steward.agent.v1.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogSourceTest {

  static final ZoneId ZONE = ZoneOffset.UTC;

  @TempDir
  Path dir;

  FileLogSource source(Path file) {
    return new FileLogSource(service -> file, Clock.systemUTC(), ZONE);
  }

  static LogQuery query(long sinceMillis, int lines, boolean follow) {
    return LogQuery.of(ReadLogsRequest.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA)
        .setSinceUnixMillis(sinceMillis).setLines(lines).setFollow(follow).build());
  }

  @Test
  void log4jTimestampsAreReadInTheHostsZone() {
    assertThat(Log4jTimestamps.micros("[2026-12-06 01:02:03,456] INFO started (kafka.server.KafkaServer)", ZONE))
        .hasValue(Instant.parse("2026-12-06T01:02:03.456Z").toEpochMilli() * 1000);
    assertThat(Log4jTimestamps.micros("[2026-12-06 01:02:03,456] x", ZoneId.of("Europe/Berlin")))
        .hasValue(Instant.parse("2026-12-06T00:02:03.456Z").toEpochMilli() * 1000);
    assertThat(Log4jTimestamps.micros("\tat kafka.Foo.bar(Foo.scala:1)", ZONE)).isEmpty();
  }

  @Test
  void theLastLinesByDefaultThenSinceFiltersByTheLinesTime() throws Exception {
    Path file = dir.resolve("kafka.out");
    StringBuilder text = new StringBuilder();
    LocalDateTime start = LocalDateTime.of(2026, 12, 6, 1, 0);
    for (int i = 0; i < 30; i++) {
      text.append("[").append(start.plusMinutes(i).toString().replace('T', ' ')).append(":00,000] INFO line ")
          .append(i).append('\n');
      if (i == 25) {
        text.append("\tat a stack trace line\n");
      }
    }
    Files.writeString(file, text);
    TestStream tail = new TestStream();
    source(file).read(ServiceName.SERVICE_NAME_KAFKA, query(0, 0, false), tail);
    assertThat(tail.lines).hasSize(LogQuery.DEFAULT_LINES);
    assertThat(tail.texts().get(9)).endsWith("line 29");

    TestStream since = new TestStream();
    long since25 = start.plusMinutes(25).toInstant(ZoneOffset.UTC).toEpochMilli();
    source(file).read(ServiceName.SERVICE_NAME_KAFKA, query(since25, 0, false), since);
    assertThat(since.texts()).hasSize(6).first().asString().endsWith("line 25");
    assertThat(since.texts().get(1)).isEqualTo("\tat a stack trace line");
    assertThat(since.lines.get(1).getUnixMicros()).as("the previous line's time").isEqualTo(since25 * 1000);

    TestStream both = new TestStream();
    source(file).read(ServiceName.SERVICE_NAME_KAFKA, query(since25, 2, false), both);
    assertThat(both.texts()).hasSize(2).last().asString().endsWith("line 29");
  }

  @Test
  void followDeliversANewLineWithinAPollAndStopsOnCancel() throws Exception {
    Path file = dir.resolve("kafka.out");
    Files.writeString(file, "before\n");
    TestStream stream = new TestStream();
    CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
      try {
        source(file).read(ServiceName.SERVICE_NAME_KAFKA, query(0, 5, true), stream);
      } catch (LogStream.CancelledException e) {
        // the end of a follow
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    TestStream.waitUntil(Duration.ofSeconds(5), () -> stream.texts().contains("before"));
    long written = System.nanoTime();
    Files.writeString(file, "[2026-12-06 01:00:00,000] INFO after\n", java.nio.file.StandardOpenOption.APPEND);
    TestStream.waitUntil(Duration.ofSeconds(2), () -> stream.texts().contains("[2026-12-06 01:00:00,000] INFO after"));
    assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(Duration.ofSeconds(1));
    Files.move(file, dir.resolve("kafka.out.1"));
    Files.writeString(file, "rotated\n");
    TestStream.waitUntil(Duration.ofSeconds(2), () -> stream.texts().contains("rotated"));
    stream.cancel();
    reading.get(2, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(stream.lines).extracting(LogLine::getText).containsExactly("before",
        "[2026-12-06 01:00:00,000] INFO after", "rotated");
  }

  @Test
  void aMissingFileIsNoLinesWithoutFollow() throws Exception {
    TestStream stream = new TestStream();
    source(dir.resolve("none.out")).read(ServiceName.SERVICE_NAME_KAFKA, query(0, 0, false), stream);
    assertThat(stream.lines).isEmpty();
  }
}
