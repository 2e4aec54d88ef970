package dev.steward.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class GrpcLogBridgeTest {

  @Test
  void aGrpcWarningWithAnExceptionIsOneLineWithItsCauses() {
    List<String> lines = logged(() -> Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.Example")
        .log(Level.WARNING, "Stream failed", new IllegalStateException("outer", new IOException("inner"))));

    assertThat(lines).singleElement().satisfies(line -> assertThat(line)
        .contains("WARN", "Example - Stream failed: IllegalStateException: outer <- IOException: inner"));
  }

  @Test
  void aFailedConnectionIsDebugAndSilentByDefault() {
    List<String> lines = logged(() -> Logger.getLogger(
        "io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport.connections")
        .log(Level.INFO, "Transport failed", new IllegalArgumentException("HTTP/2 client preface string missing")));

    assertThat(lines).as("io.grpc logs at warn and above").isEmpty();
  }

  @Test
  void severeKeepsItsStackTraceBecauseItIsTheAgentsOwnBug() {
    List<String> lines = logged(() -> Logger.getLogger("io.grpc.internal.SerializingExecutor")
        .log(Level.SEVERE, "Exception while executing runnable", new NullPointerException("in a service")));

    assertThat(lines.get(0)).contains("ERROR", "Exception while executing runnable");
    assertThat(lines).anyMatch(line -> line.contains("\tat "));
  }

  @Test
  void whatAPeerSentCannotForgeLinesOrRunOn() {
    assertThat(GrpcLogBridge.oneLine("GET /\r\nWARN forged\u001b[31m")).isEqualTo("GET /??WARN forged?[31m");
    assertThat(GrpcLogBridge.oneLine("x".repeat(2000))).hasSize(503).endsWith("...");
    assertThat(GrpcLogBridge.summary(null)).isEmpty();
  }

  private static List<String> logged(Runnable logging) {
    GrpcLogBridge.install();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      logging.run();
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
