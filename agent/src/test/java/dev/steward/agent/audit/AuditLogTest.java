package dev.steward.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  @TempDir
  Path dir;

  @Test
  void oneJsonLinePerChangeReadableOnlyByTheAgent() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    AuditLog audit = new AuditLog(dir.resolve("audit.log"), dir.resolve("audit.key"), clock);
    audit.record("CN=steward-coordinator lab,serial=ab", "op-1", "apply", "file:/etc/x", "absent", "sha256:aa",
        "CHANGED", "line one\nline two");
    audit.record("insecure-loopback", "op-2", "restart", "service:kafka", "", "", "OK", "");
    List<String> lines = Files.readAllLines(dir.resolve("audit.log"));
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.get("time").asText()).isEqualTo("2025-06-01T12:00:00Z");
    assertThat(first.get("caller").asText()).startsWith("CN=steward-coordinator");
    assertThat(first.get("operation_id").asText()).isEqualTo("op-1");
    assertThat(first.get("before").asText()).isEqualTo("absent");
    assertThat(first.get("message").asText()).isEqualTo("line one\nline two");
    assertThat(new ObjectMapper().readTree(lines.get(1)).has("before")).as("empty fields are left out").isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit.log"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void readReturnsTheNewestEntriesOldestFirstAndSaysWhenALineIsTorn() throws Exception {
    AuditLog audit = new AuditLog(dir.resolve("audit.log"), dir.resolve("audit.key"), Clock.systemUTC());
    for (int i = 0; i < 5; i++) {
      audit.record("c", "op-" + i, "apply", "r", "", "", "CHANGED", "");
    }
    Files.writeString(dir.resolve("audit.log"), "{\"time\":\"2025", StandardOpenOption.APPEND);
    AuditLog.Tail tail = audit.read(3);
    assertThat(tail.total()).isEqualTo(6);
    assertThat(tail.entries()).extracting(AuditEvent::operationId).containsExactly("op-3", "op-4", "");
    assertThat(tail.entries().get(2).result()).isEqualTo("UNREADABLE");
    // an agent started after the crash ends the torn line first, so the next entry stays whole
    AuditLog restarted = new AuditLog(dir.resolve("audit.log"), dir.resolve("audit.key"), Clock.systemUTC());
    restarted.record("c", "op-after", "apply", "r", "", "", "CHANGED", "");
    assertThat(restarted.read(1).entries().get(0).operationId()).isEqualTo("op-after");
  }

  @Test
  void secretsGetAKeyedDigestStableAcrossRestartsAndUnlikeTheirPlainHash() throws Exception {
    byte[] secret = "cdc_password123".getBytes(StandardCharsets.UTF_8);
    AuditLog first = new AuditLog(dir.resolve("audit.log"), dir.resolve("audit.key"), Clock.systemUTC());
    AuditLog again = new AuditLog(dir.resolve("audit.log"), dir.resolve("audit.key"), Clock.systemUTC());
    String plain = first.digest(secret, false);
    String keyed = first.digest(secret, true);
    assertThat(plain).startsWith("sha256:");
    assertThat(keyed).startsWith("hmac-sha256:").isEqualTo(again.digest(secret, true));
    assertThat(keyed.substring("hmac-sha256:".length())).isNotEqualTo(plain.substring("sha256:".length()));
    AuditLog otherAgent = new AuditLog(dir.resolve("other.log"), dir.resolve("other.key"), Clock.systemUTC());
    assertThat(otherAgent.digest(secret, true)).isNotEqualTo(keyed);
  }
}
