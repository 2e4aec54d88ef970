package dev.steward.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.steward.agent.v1.ApplySummary;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourceStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal files as agents before this one wrote them (Jackson's databind, INDENT_OUTPUT, null members left
 * out; the record as it was, below) are read back whole, and the agent now writes the same text.
 */
class OperationRecordFormatTest {

  private static final ObjectMapper JACKSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** OperationRecord as Jackson serialised it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record JacksonOperationRecord(String id, String kind, String describe, String requestDigest, long startedAtMillis,
                                Long finishedAtMillis, OperationRecord.State state, List<JsonNode> results,
                                JsonNode outcome, String errorCode, String errorMessage) {
  }

  @TempDir
  Path temp;

  @Test
  void readsJournalFilesJacksonWroteAndWritesTheSameText() throws Exception {
    ResourceResult result = ResourceResult.newBuilder().setId("file:/opt/kafka/config/server.properties")
        .setStatus(ResourceStatus.RESOURCE_STATUS_CHANGED).setMessage("written: \"é\"\n").addRestartReasons(dev.steward.agent.v1.RestartReason.newBuilder().setService(dev.steward.agent.v1.ServiceName.SERVICE_NAME_KAFKA).setDetail("d")).build();
    JsonNode resultJson = JACKSON.readTree(com.google.protobuf.util.JsonFormat.printer().print(result));
    ApplySummary summary = ApplySummary.newBuilder().setOperationId("op-1").setChanged(2).setUnchanged(7).build();
    JsonNode summaryJson = JACKSON.readTree(com.google.protobuf.util.JsonFormat.printer().print(summary));
    for (JacksonOperationRecord old : List.of(
        new JacksonOperationRecord("op-1", "apply", "apply 3 resources", "sha256:ab", 1796523723456L, 1796523724000L,
            OperationRecord.State.FINISHED, List.of(resultJson, resultJson), summaryJson, null, null),
        new JacksonOperationRecord("op-2", "control", "restart kafka", "d", 5L, null, OperationRecord.State.RUNNING,
            List.of(), null, null, null),
        new JacksonOperationRecord("op-3", "apply", "x", "d", 5L, 6L, OperationRecord.State.INTERRUPTED,
            List.of(resultJson), null, "FAILED_PRECONDITION", "zookeeper is not active"))) {
      String jacksonText = JACKSON.writeValueAsString(old);
      Files.writeString(temp.resolve("old.json"), jacksonText, StandardCharsets.UTF_8);

      OperationRecord record = OperationRecord.fromJson(dev.steward.agent.json.Json.parse(
          Files.readString(temp.resolve("old.json"))));
      assertThat(record.id()).isEqualTo(old.id());
      assertThat(record.finishedAtMillis()).isEqualTo(old.finishedAtMillis());
      assertThat(record.state()).isEqualTo(old.state());
      assertThat(record.errorMessage()).isEqualTo(old.errorMessage());
      assertThat(record.results()).hasSize(old.results().size());
      for (Object stored : record.results()) {
        assertThat(ProtoJson.fromJson(stored, ResourceResult.newBuilder()).build()).isEqualTo(result);
      }
      if (old.outcome() != null) {
        assertThat(ProtoJson.fromJson(record.outcome(), ApplySummary.newBuilder()).build())
            .isEqualTo(summary);
      }
      assertThat(dev.steward.agent.json.Json.writeIndented(record.toJson())).isEqualTo(jacksonText);
    }
  }

  @Test
  void theJournalKeepsReadingAFileJacksonWrote() throws Exception {
    OperationJournal journal = new OperationJournal(temp.resolve("journal"), 10);
    OperationRecord record = OperationRecord.started("op-x", "apply", "d", "digest", 1L)
        .withResult(ProtoJson.toJson(ResourceResult.newBuilder().setId("r").build()));
    journal.save(record);
    Path file;
    try (var files = Files.list(temp.resolve("journal"))) {
      file = files.findFirst().orElseThrow();
    }
    // replace the file with what Jackson wrote for the same record
    JsonNode result = JACKSON.readTree(com.google.protobuf.util.JsonFormat.printer()
        .print(ResourceResult.newBuilder().setId("r").build()));
    String jacksonText = JACKSON.writeValueAsString(new JacksonOperationRecord("op-x", "apply", "d", "digest", 1L,
        null, OperationRecord.State.RUNNING, List.of(result), null, null, null));
    assertThat(Files.readString(file)).isEqualTo(jacksonText);
    Files.writeString(file, jacksonText);
    journal.markInterrupted();
    OperationRecord read = journal.find("op-x").orElseThrow();
    assertThat(read.state()).isEqualTo(OperationRecord.State.INTERRUPTED);
    assertThat(read.results()).isEqualTo(record.results());
  }
}
