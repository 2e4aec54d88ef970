package dev.steward.coordinator.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The coordinator's record of every change it makes through Connect's REST API: one JSON line
 * per change (time, operator, cluster, action, connector), in
 * {@code $STEWARD_STATE_DIR/audit/<cluster>-connect.jsonl}. Connect's REST API has no
 * authentication of its own, so this is where "who paused that connector" is answered; configs
 * are never written (they may name secrets), only the action.
 */
public final class ConnectAuditLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;

  public ConnectAuditLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  public static ConnectAuditLog forCluster(String cluster) {
    return new ConnectAuditLog(dev.steward.coordinator.StateDirectory.root().resolve("audit")
        .resolve(cluster + "-connect.jsonl"), Clock.systemUTC());
  }

  public Path file() {
    return file;
  }

  public void record(String cluster, String action, String connector, String detail) throws IOException {
    ObjectNode line = JSON.createObjectNode()
        .put("time", clock.instant().toString())
        .put("operator", System.getProperty("user.name") + "@" + hostName())
        .put("cluster", cluster)
        .put("action", action)
        .put("connector", connector)
        .put("detail", detail);
    Files.createDirectories(file.getParent());
    try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
