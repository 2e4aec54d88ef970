package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** `steward lag` is a command of `steward`; its numbers are tested against Kafka's own tool in SandboxIT. */
class LagCliTest {

  @Test
  void lagIsACommandWithRepeatableGroupAndJsonOutput() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = StewardMain.run(new String[] {"lag", "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--group=GROUP").contains("repeatable")
        .contains("--inventory=FILE").contains("text or json").contains("kafka-consumer-groups.sh");
  }

  @Test
  void lagWithoutAnInventoryIsBadInput() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = StewardMain.run(new String[] {"lag", "--group", "billing"},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--inventory");
  }
}
