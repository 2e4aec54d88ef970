package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.withKafka;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attempts to smuggle a line (or a second key) into a rendered properties or sysctl file
 * through an inventory value or key. Each must be refused at the exact field.
 *
 * <p>Decisions: U+2028/U+2029/U+0085 and every other non-ASCII character are refused (the
 * files are read as ISO-8859-1 by java.util.Properties, and some tools end lines there); a
 * backslash is refused (it escapes, and a trailing one continues the line).
 */
class PropertyInjectionValidationTest {

  /** Each value written as a YAML double-quoted scalar, so every escape below is YAML's. */
  static Stream<Arguments> smuggledValues() {
    return Stream.of(
        Arguments.of("168\\nlog.dirs=/tmp/evil", "newline"),
        Arguments.of("\\n", "newline"),
        Arguments.of("168\\r", "carriage return"),
        Arguments.of("168\\r\\nx=y", "newline"),
        Arguments.of("16\\x008", "U+0000"),
        Arguments.of("\\e[31mred", "U+001B"),
        Arguments.of("a\\tb", "U+0009"),
        Arguments.of("a\\fb", "U+000C"),
        Arguments.of("a\\vb", "U+000B"),
        Arguments.of("a\\x7fb", "U+007F"),
        Arguments.of("a\\Nb", "U+0085"),
        Arguments.of("a\\Lb", "U+2028"),
        Arguments.of("a\\Pb", "U+2029"),
        Arguments.of("caf\\u00e9", "U+00E9"),
        Arguments.of("\\ufeff168", "U+FEFF"),
        Arguments.of("a=b", "'='"),
        Arguments.of("=", "'='"),
        Arguments.of("168\\\\", "backslash"),
        Arguments.of("a\\\\nb", "backslash"),
        Arguments.of("\\\\u000a", "backslash"),
        Arguments.of(" 168", "space"),
        Arguments.of("168 ", "space"));
  }

  @ParameterizedTest(name = "kafka value \"{0}\"")
  @MethodSource("smuggledValues")
  void smuggledKafkaValueIsRefusedAtItsKey(String yamlEscaped, String named) {
    InventoryProblem problem = onlyProblem(withKafka("config:\n  log.retention.hours: \"" + yamlEscaped + "\""),
        "kafka.config.\"log.retention.hours\"");
    assertThat(problem.message()).contains(named);
    assertThat(problem.toString()).doesNotContain("\n", "\r", "\u2028", "\u0085", "\u001b");
  }

  @ParameterizedTest(name = "zookeeper value \"{0}\"")
  @MethodSource("smuggledValues")
  void smuggledZooKeeperValueIsRefusedAtItsKey(String yamlEscaped, String named) {
    onlyProblem(withSections("zookeeper:\n  config:\n    tickTime: \"" + yamlEscaped + "\""),
        "zookeeper.config.\"tickTime\"");
  }

  @ParameterizedTest(name = "sysctl value \"{0}\"")
  @MethodSource("smuggledValues")
  void smuggledSysctlValueIsRefusedAtItsKey(String yamlEscaped, String named) {
    onlyProblem(withSections("sysctl:\n  values:\n    vm.swappiness: \"" + yamlEscaped + "\""),
        "sysctl.values.\"vm.swappiness\"");
  }

  static Stream<Arguments> smuggledKeys() {
    return Stream.of(
        Arguments.of("\"a\\nb\"", "kafka.config.\"a\\nb\""),
        Arguments.of("\"a\\rb\"", "kafka.config.\"a\\rb\""),
        Arguments.of("\"a b\"", "kafka.config.\"a b\""),
        Arguments.of("\"a=b\"", "kafka.config.\"a=b\""),
        Arguments.of("\"a:b\"", "kafka.config.\"a:b\""),
        Arguments.of("\"#comment\"", "kafka.config.\"#comment\""),
        Arguments.of("\"!comment\"", "kafka.config.\"!comment\""),
        Arguments.of("\".hidden\"", "kafka.config.\".hidden\""),
        Arguments.of("\"a\\\\b\"", "kafka.config.\"a\\\\b\""),
        Arguments.of("\"a\\x00\"", "kafka.config.\"a\\u0000\""),
        Arguments.of("\"a\\Lb\"", "kafka.config.\"a\\u2028b\""),
        Arguments.of("\"\"", "kafka.config.\"\""));
  }

  @ParameterizedTest(name = "kafka key {0}")
  @MethodSource("smuggledKeys")
  void smuggledKeyIsRefusedAndShownEscaped(String yamlKey, String field) {
    InventoryProblem problem = onlyProblem(withKafka("config:\n  " + yamlKey + ": 1"), field);
    assertThat(problem.toString()).doesNotContain("\n", "\r", "\u2028", "\u0000");
  }

  @Test
  void sysctlKeysMayNotClimbOutOfProcSys() {
    onlyProblem(withSections("sysctl: {values: {\"../../etc/passwd\": 1}}"), "sysctl.values.\"../../etc/passwd\"");
    onlyProblem(withSections("sysctl: {values: {\"/proc/x\": 1}}"), "sysctl.values.\"/proc/x\"");
    onlyProblem(withSections("sysctl: {values: {\"vm..x\": 1}}"), "sysctl.values.\"vm..x\"");
    onlyProblem(withSections("sysctl: {values: {\"-vm.x\": 1}}"), "sysctl.values.\"-vm.x\"");
  }

  @Test
  void sysctlValuesMayHoldSpacesInside() throws Exception {
    assertThat(load(withSections("sysctl: {values: {net.ipv4.tcp_rmem: \"4096 87380 6291456\", "
        + "net/ipv4/conf/eth0/rp_filter: 1}}")).inventory().sysctl().values())
        .containsEntry("net.ipv4.tcp_rmem", "4096 87380 6291456")
        .containsEntry("net/ipv4/conf/eth0/rp_filter", "1");
  }

  @Test
  void valuesThatAreNotScalarsAreRefused() {
    onlyProblem(withKafka("config: {log.retention.hours: [168]}"), "kafka.config.\"log.retention.hours\"");
    onlyProblem(withKafka("config: {log.retention.hours: {h: 1}}"), "kafka.config.\"log.retention.hours\"");
    onlyProblem(withKafka("config: {log.retention.hours: ~}"), "kafka.config.\"log.retention.hours\"");
  }

  @Test
  void ordinaryValuesWithPunctuationAreAccepted() throws Exception {
    assertThat(load(withKafka("config: {compression.type: \"zstd\", ssl.cipher.suites: \"A,B:C\", "
        + "client.id: \"a#b!c\", empty.value: \"\"}")).inventory().kafka().config())
        .containsEntry("ssl.cipher.suites", "A,B:C").containsEntry("client.id", "a#b!c").containsEntry("empty.value", "");
  }
}
