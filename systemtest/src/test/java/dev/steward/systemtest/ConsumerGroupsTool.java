package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka's own kafka-consumer-groups.sh from a deployed distribution, run as an operator would,
 * and its tables read back into values to compare with `steward lag`.
 */
final class ConsumerGroupsTool {

  /** One partition row as the tool prints it: numbers, or "-" where it has none. */
  record Offsets(String committed, String logEnd, String lag) {
  }

  /** A group's line of `--describe --state`. */
  record GroupState(String state, int members) {
  }

  /** A table and the raw run it was read from (for assertion messages). */
  record Described<T>(Map<String, T> values, StewardCli.Run run) {
  }

  private final Path script;
  private final String bootstrap;

  ConsumerGroupsTool(Path kafkaBin, String bootstrap) {
    this.script = kafkaBin.resolve("kafka-consumer-groups.sh");
    this.bootstrap = bootstrap;
  }

  /**
   * {@code --describe}: per group, "topic-partition" to its row. Columns: GROUP TOPIC PARTITION
   * CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID; a member without partitions has a
   * row of dashes, skipped here.
   */
  Described<Map<String, Offsets>> describeOffsets(List<String> groups) throws Exception {
    StewardCli.Run run = describe(groups, List.of());
    Map<String, Map<String, Offsets>> byGroup = new TreeMap<>();
    for (String[] row : rows(run.stdout(), groups)) {
      if (row.length >= 6 && row[2].matches("\\d+")) {
        byGroup.computeIfAbsent(row[0], g -> new TreeMap<>()).put(row[1] + "-" + row[2], new Offsets(row[3], row[4], row[5]));
      }
    }
    return new Described<>(byGroup, run);
  }

  /**
   * {@code --describe --state}: GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS, where the
   * strategy is blank for an empty group; so the state and count are read from the end of the line.
   */
  Described<GroupState> describeStates(List<String> groups) throws Exception {
    StewardCli.Run run = describe(groups, List.of("--state"));
    Map<String, GroupState> states = new TreeMap<>();
    for (String[] row : rows(run.stdout(), groups)) {
      if (row.length >= 4 && row[row.length - 1].matches("\\d+")) {
        states.put(row[0], new GroupState(row[row.length - 2], Integer.parseInt(row[row.length - 1])));
      }
    }
    return new Described<>(states, run);
  }

  private StewardCli.Run describe(List<String> groups, List<String> extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(script.toString(), "--bootstrap-server", bootstrap, "--describe"));
    command.addAll(extra);
    groups.forEach(group -> command.addAll(List.of("--group", group)));
    StewardCli.Run run = StewardCli.run(command, Duration.ofMinutes(2), null);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  private static List<String[]> rows(String stdout, List<String> groups) {
    return stdout.lines().map(line -> line.trim().split("\\s+")).filter(row -> groups.contains(row[0])).toList();
  }
}
