package dev.steward.agent.service.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code <service>.process.json} as Jackson wrote it (the same record) is read, and written the same. */
class ProcessRecordFormatTest {

  @Test
  void readsAndWritesWhatJacksonWrote() throws Exception {
    ObjectMapper jackson = new ObjectMapper();
    for (ProcessRecord record : new ProcessRecord[] {
        new ProcessRecord(12345, 1796523723456L, 1796523723999L, "RUNNING", 2, 1, -1),
        new ProcessRecord(0, 0, 0, null, 0, 0, 143)}) {
      String text = jackson.writeValueAsString(record);
      assertThat(ProcessRecord.fromJson(text)).isEqualTo(record);
      assertThat(record.toJson()).isEqualTo(text);
    }
    assertThat(ProcessRecord.fromJson("{\"pid\":7,\"phase\":\"STOPPED\"}"))
        .isEqualTo(new ProcessRecord(7, 0, 0, "STOPPED", 0, 0, 0));
    assertThatThrownBy(() -> ProcessRecord.fromJson("{\"pid\":7,\"other\":1}")).isInstanceOf(IOException.class);
  }
}
