package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad options stop `sandbox benchmark-agent` with exit code 2 and the option named, before any agent starts. */
class AgentBenchmarkCliTest {

  @TempDir
  Path temp;

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(new String[] {"--address-prefix", "10.0.199"}, "--address-prefix: 10.0.199 is not a loopback /24 "
            + "prefix; use three numbers starting with 127"),
        Arguments.of(new String[] {"--idle-seconds", "0"}, "--idle-seconds must be at least 1"),
        Arguments.of(new String[] {"--settle-seconds", "-1"}, "--settle-seconds at least 0"));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void aBadOptionIsNamedAndExitsTwo(String[] options, String message) {
    assertBadInput(message, options);
  }

  @Test
  void aDirectoryThatIsNotEmptyIsRefusedAndLeftAsItWas() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("used"));
    Path kept = Files.writeString(dir.resolve("inventory.yaml"), "cluster: mine\n");

    assertBadInput("--dir " + dir + " is not empty", "--dir", dir.toString());

    assertThat(Files.readString(kept)).isEqualTo("cluster: mine\n");
  }

  private static void assertBadInput(String message, String... options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = Stream.concat(Stream.of("sandbox", "benchmark-agent"), Stream.of(options)).toArray(String[]::new);

    int exit = StewardMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
