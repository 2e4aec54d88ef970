package dev.steward.coordinator.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The console's actions, one fsynced JSON line each (time, operator, cluster, action, target,
 * result), in {@code $STEWARD_STATE_DIR/audit/<cluster>-console.jsonl}, beside the Connect audit log
 * that `steward connect` writes. The agents' own audit trails (`steward audit HOST`) also record each
 * service a console rolling restart restarts.
 */
public final class ActionAudit {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;

  public ActionAudit(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  public static ActionAudit forCluster(String cluster) {
    return new ActionAudit(dev.steward.coordinator.StateDirectory.root().resolve("audit")
        .resolve(cluster + "-console.jsonl"), Clock.systemUTC());
  }

  public Path file() {
    return file;
  }

  public synchronized void record(String operator, String cluster, String action, String target, String result)
      throws IOException {
    ObjectNode line = JSON.createObjectNode()
        .put("time", clock.instant().toString())
        .put("operator", operator)
        .put("source", "console")
        .put("cluster", cluster)
        .put("action", action)
        .put("target", target)
        .put("result", result);
    Files.createDirectories(file.getParent());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
  }
}
