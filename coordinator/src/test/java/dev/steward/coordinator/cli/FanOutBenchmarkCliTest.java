package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad options stop `benchmark fan-out` with exit code 2 and a line naming the option and the fix, before any agent starts. */
class FanOutBenchmarkCliTest {

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(new String[] {"--hosts", "2"}, "--hosts: 2 is out of range; give 3 to 254"),
        Arguments.of(new String[] {"--hosts", "255"}, "--hosts: 255 is out of range; give 3 to 254"),
        Arguments.of(new String[] {"--address-prefix", "10.0.150"}, "--address-prefix: 10.0.150 is not the first three "
            + "parts of a loopback address; give one such as 127.0.150"),
        Arguments.of(new String[] {"--address-prefix", "127.0.150.1"}, "--address-prefix: 127.0.150.1 is not"),
        Arguments.of(new String[] {"--address-prefix", "127.0.256"}, "--address-prefix: 127.0.256 is not"),
        Arguments.of(new String[] {"--runs", "0"}, "--runs: 0 is out of range; give 1 to 100"),
        Arguments.of(new String[] {"--hosts", "5", "--dead", "5"}, "--dead: 5 is out of range; give 0 to 4 (at least one "
            + "agent must stay up)"),
        Arguments.of(new String[] {"--dead", "-1"}, "--dead: -1 is out of range"));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void aBadOptionIsNamedWithItsFixAndExitsTwo(String[] options, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = Stream.concat(Stream.of("benchmark", "fan-out"), Stream.of(options)).toArray(String[]::new);

    int exit = StewardMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
