package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken inventory stops every command with exit code 2 and a message naming the field,
 * before any agent is called ({@link CountingAgents} listen where the agents would be).
 */
class BadInventoryCliTest {

  private static CountingAgents agents;
  private static int port;

  @TempDir
  Path dir;

  @BeforeAll
  static void startListeningAgents() throws IOException {
    agents = new CountingAgents();
    port = agents.port();
  }

  @AfterAll
  static void stopAgents() {
    agents.close();
  }

  private static String hosts() {
    return """
        hosts:
          - {name: h1, address: 127.0.0.1, zookeeperId: 1, brokerId: 1, agentPort: %1$d}
          - {name: h2, address: 127.0.0.2, zookeeperId: 2, brokerId: 2, agentPort: %1$d}
          - {name: h3, address: 127.0.0.3, zookeeperId: 3, brokerId: 3, agentPort: %1$d}
        """.formatted(port);
  }

  private static final String HEAD = """
      cluster: broken
      kafka:
        version: 3.9.1
      agent: {tls: false}
      """;

  static Stream<Arguments> brokenInventories() {
    return Stream.of(
        Arguments.of("duplicate zookeeper id", HEAD + hosts().replace("zookeeperId: 2", "zookeeperId: 1"), "zookeeperId"),
        Arguments.of("duplicate broker id", HEAD + hosts().replace("brokerId: 3", "brokerId: 1"), "brokerId"),
        Arguments.of("duplicate address", HEAD + hosts().replace("127.0.0.3", "127.0.0.2"), "address"),
        Arguments.of("missing address", HEAD + hosts().replace("address: 127.0.0.2, ", ""), "address"),
        Arguments.of("missing cluster", HEAD.replace("cluster: broken\n", "") + hosts(), "cluster"),
        Arguments.of("even ensemble", HEAD + hosts().replace("zookeeperId: 3, ", ""), "zookeeperId"),
        Arguments.of("replication factor above broker count",
            HEAD + hosts().replace(", brokerId: 2", "").replace(", brokerId: 3", ""), "replication.factor"),
        Arguments.of("min.insync.replicas above replication factor",
            HEAD.replace("version: 3.9.1", "version: 3.9.1\n  config: {min.insync.replicas: 4}") + hosts(),
            "min.insync.replicas"),
        Arguments.of("unknown key", HEAD.replace("kafka:", "kafak:\n  version: 3.9.1\nkafka:") + hosts(), "kafak"),
        Arguments.of("newline smuggled into a property",
            HEAD.replace("version: 3.9.1", "version: 3.9.1\n  config: {log.retention.hours: \"168\\nbroker.id=7\"}") + hosts(),
            "log.retention.hours"),
        Arguments.of("= smuggled into a property",
            HEAD.replace("version: 3.9.1", "version: 3.9.1\n  config: {num.partitions: \"3=4\"}") + hosts(),
            "num.partitions"),
        Arguments.of("control character in a property",
            HEAD.replace("version: 3.9.1", "version: 3.9.1\n  config: {num.partitions: \"3\\u001b[2J\"}") + hosts(),
            "num.partitions"),
        Arguments.of("Kafka 4 on ZooKeeper", HEAD.replace("3.9.1", "4.0.0") + hosts(), "kafka.version"),
        Arguments.of("not YAML", "cluster: [unclosed\n", "inventory"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenInventories")
  void brokenInventoryExitsTwoNamingTheFieldWithoutCallingAnyAgent(String scenario, String yaml, String field)
      throws IOException {
    for (String command : List.of("status", "plan", "apply", "preflight")) {
      agents.reset();
      Path file = dir.resolve("inventory.yaml");
      Files.writeString(file, yaml);
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int exit = StewardMain.run(new String[] {command, "-i", file.toString()}, new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(err, true, StandardCharsets.UTF_8));

      assertThat(exit).as(command + ": " + err).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(err.toString(StandardCharsets.UTF_8)).as(command).contains(field);
      assertThat(agents.calls()).as(command + " must not contact any agent").isZero();
    }
  }

  @Test
  void validInventoryDoesReachTheAgents() throws IOException {
    Path file = dir.resolve("inventory.yaml");
    Files.writeString(file, HEAD + hosts());
    agents.reset();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = StewardMain.run(new String[] {"status", "-i", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCode.FAILURE);
    assertThat(agents.calls()).as("the control case: a valid inventory is used\n" + out + "\n" + err).isPositive();
  }

  @Test
  void unknownOptionIsBadInput() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = StewardMain.run(new String[] {"status", "-i", "inventory.yaml", "--otput", "json"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--otput");
  }
}
