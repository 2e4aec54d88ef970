package dev.steward.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** audit.log lines as Jackson wrote them (the record as it was, below) are read, and written the same. */
class AuditEventFormatTest {

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"time", "caller", "operation_id", "action", "resource", "before", "after", "result", "message"})
  record JacksonAuditEvent(
      @JsonProperty("time") String time,
      @JsonProperty("caller") String caller,
      @JsonProperty("operation_id") String operationId,
      @JsonProperty("action") String action,
      @JsonProperty("resource") String resource,
      @JsonProperty("before") String before,
      @JsonProperty("after") String after,
      @JsonProperty("result") String result,
      @JsonProperty("message") String message) {
  }

  @Test
  void readsAndWritesJacksonsLines() throws Exception {
    ObjectMapper jackson = new ObjectMapper();
    for (JacksonAuditEvent old : List.of(
        new JacksonAuditEvent("2026-12-06T05:00:00.123Z", "CN=coordinator,OU=steward-coordinator", "op-1", "apply",
            "file:/opt/kafka/config/server.properties", "absent", "sha256:ab", "CHANGED", "written \"x\"\n\té"),
        new JacksonAuditEvent("2026-12-06T05:00:00Z", "insecure-loopback", "", "restart", "service:kafka", null, "",
            "OK", null))) {
      String line = jackson.writeValueAsString(old);
      AuditEvent event = AuditEvent.fromLine(line);
      assertThat(event.caller()).isEqualTo(old.caller());
      assertThat(event.operationId()).isEqualTo(old.operationId().isEmpty() ? null : old.operationId());
      assertThat(event.message()).isEqualTo(old.message());
      assertThat(event.before()).isEqualTo(old.before());
      assertThat(event.toLine()).isEqualTo(line);
      assertThat(new AuditEvent(old.time(), old.caller(), old.operationId(), old.action(), old.resource(),
          old.before(), old.after(), old.result(), old.message()).toLine()).isEqualTo(line);
    }
    assertThatThrownBy(() -> AuditEvent.fromLine("{\"time\":\"t\",\"surprise\":1}")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> AuditEvent.fromLine("{\"time\":\"t\",\"caller\":\"x")).isInstanceOf(IOException.class);
  }
}
