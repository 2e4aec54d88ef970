package dev.steward.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.agent.v1.RestartReason;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pending-restarts.json as Jackson wrote it is read, and written the same. */
class PendingRestartsFormatTest {

  @TempDir
  Path temp;

  @Test
  void readsAndWritesWhatJacksonWrote() throws Exception {
    Map<ServiceName, List<PendingRestarts.Entry>> snapshot = new EnumMap<>(ServiceName.class);
    snapshot.put(ServiceName.SERVICE_NAME_ZOOKEEPER, List.of(
        new PendingRestarts.Entry(RestartReasonKind.RESTART_REASON_KIND_CONFIG_CHANGED, "zoo.cfg \"x\"")));
    snapshot.put(ServiceName.SERVICE_NAME_KAFKA, List.of(
        new PendingRestarts.Entry(RestartReasonKind.RESTART_REASON_KIND_CONFIG_CHANGED, "server.properties"),
        new PendingRestarts.Entry(RestartReasonKind.RESTART_REASON_KIND_BINARIES_CHANGED, "kafka_2.13-3.9.1")));
    String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(snapshot);
    assertThat(PendingRestarts.read(text)).isEqualTo(snapshot);
    assertThat(PendingRestarts.write(snapshot)).isEqualTo(text);

    Path file = temp.resolve("pending-restarts.json");
    Files.writeString(file, text);
    PendingRestarts pending = new PendingRestarts(file);
    assertThat(pending.of(ServiceName.SERVICE_NAME_KAFKA)).extracting(RestartReason::getDetail)
        .containsExactly("server.properties", "kafka_2.13-3.9.1");
    pending.clear(ServiceName.SERVICE_NAME_KAFKA);
    assertThat(new PendingRestarts(file).all()).extracting(RestartReason::getDetail).containsExactly("zoo.cfg \"x\"");
    assertThat(PendingRestarts.read("{ }")).isEmpty();
  }
}
