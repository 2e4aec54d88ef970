package dev.steward.common.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryException;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.InventoryProblem;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.common.state.HostLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever string a user puts into a config value or key, it never becomes an extra
 * line (or an extra key) of a rendered file. Either the loader refuses it at that field, or
 * every renderer writes it as exactly one line that java.util.Properties, which is how
 * ZooKeeper and Kafka read their files, reads back as the same key and value.
 */
class RenderedLineSafetyPropertyTest {

  private static final int CASES = 400;
  private static final long SEED = 20261127L;
  /** Pieces that break line-oriented formats, mixed with harmless text. */
  private static final List<String> FRAGMENTS = List.of("\n", "\r", "\r\n", "\u0000", "\u001b[31m", "\u2028",
      "\u2029", "\u0085", "\t", "\f", "\u000b", "\u007f", "=", ":", "\\", "\\n", "\\u000a", "#", "!", " ", "${x}",
      "%n", "'", "\"", "\u00e9", "\ud83d\ude00", "\ufeff", "a", "168", "log.dirs=/tmp/x", "broker.id=9", "[", "}",
      "- x", "&a", "*a", "!!str", "---", "...", "/", ",", "  ");
  private static final String VALUE_KEY = "steward.probe";
  private static final String SYSCTL_KEY = "vm.steward_probe";

  private final YAMLMapper yaml = new YAMLMapper();
  private final Random random = new Random(SEED);

  @Test
  void hostileValuesAreRefusedOrRenderedAsExactlyOneLine() throws Exception {
    int refused = 0;
    int rendered = 0;
    for (String value : generate(CASES)) {
      Map<String, Object> document = inventory(Map.of(VALUE_KEY, value), Map.of(SYSCTL_KEY, value));
      Inventory inventory = loadOrNull(document, Set.of(
          "kafka.config.\"" + VALUE_KEY + "\"", "zookeeper.config.\"" + VALUE_KEY + "\"",
          "sysctl.values.\"" + SYSCTL_KEY + "\""), value);
      if (inventory == null) {
        refused++;
        continue;
      }
      rendered++;
      assertOneLineEach(inventory, VALUE_KEY, value, SYSCTL_KEY);
    }
    assertThat(refused + rendered).isEqualTo(CASES);
    assertThat(refused).as("the generator produces hostile values").isGreaterThan(CASES / 2);
    assertThat(rendered).as("and harmless ones").isGreaterThan(10);
  }

  @Test
  void hostileKeysAreRefusedOrRenderedAsExactlyOneLine() throws Exception {
    int rendered = 0;
    for (String key : generate(CASES)) {
      if (key.isEmpty()) {
        continue;
      }
      Map<String, Object> document = inventory(Map.of(key, "v"), Map.of(key, "v"));
      Inventory inventory = loadOrNull(document, null, key);
      if (inventory == null) {
        continue;
      }
      rendered++;
      assertOneLineEach(inventory, key, "v", key);
    }
    assertThat(rendered).as("some generated keys are plain enough to be accepted").isGreaterThan(0);
  }

  /**
   * The loaded inventory, or null when refused; a refusal must name exactly {@code expectedFields}
   * (or, when null, only fields of the probed config maps).
   */
  private Inventory loadOrNull(Map<String, Object> document, Set<String> expectedFields, String probe)
      throws IOException {
    String text = yaml.writeValueAsString(document);
    try {
      return new InventoryLoader(ValidationOptions.strict()).parse(text, null, "generated").inventory();
    } catch (InventoryException refused) {
      List<InventoryProblem> problems = refused.problems();
      assertThat(problems).as("problems for %s", describe(probe)).isNotEmpty()
          .allSatisfy(p -> assertThat(p.toString()).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085"));
      if (expectedFields != null) {
        assertThat(problems).extracting(InventoryProblem::field).as("refusing %s", describe(probe))
            .containsExactlyInAnyOrderElementsOf(expectedFields);
      } else {
        assertThat(problems).extracting(InventoryProblem::field).as("refusing %s", describe(probe))
            .allMatch(f -> f.startsWith("kafka.config.") || f.startsWith("zookeeper.config.")
                || f.startsWith("sysctl.values."));
      }
      return null;
    }
  }

  private static void assertOneLineEach(Inventory inventory, String key, String value, String sysctlKey)
      throws IOException {
    HostSpec host = inventory.hosts().get(0);
    Inventory plain = RenderFixtures.guide();
    assertOneMoreLine(ServerPropertiesRenderer.render(inventory, host, HostLayout.REAL_HOST),
        ServerPropertiesRenderer.render(plain, plain.hosts().get(0), HostLayout.REAL_HOST), key, value);
    assertOneMoreLine(ZooKeeperPropertiesRenderer.render(inventory, host, HostLayout.REAL_HOST),
        ZooKeeperPropertiesRenderer.render(plain, plain.hosts().get(0), HostLayout.REAL_HOST), key, value);
    String sysctl = SysctlRenderer.render(inventory.sysctl());
    assertThat(sysctl.split("\n", -1)).hasSize(SysctlRenderer.render(plain.sysctl()).split("\n", -1).length + 1);
    assertThat(sysctl).contains("\n" + sysctlKey + "=" + value + "\n");
  }

  /** One line more than the plain file, and read back by java.util.Properties as one more key with the value. */
  private static void assertOneMoreLine(String rendered, String plain, String key, String value) throws IOException {
    assertThat(rendered.split("\n", -1)).as(rendered).hasSize(plain.split("\n", -1).length + 1);
    assertThat(rendered.chars().filter(c -> c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029)).isEmpty();
    Properties read = readAsKafkaDoes(rendered);
    Properties plainRead = readAsKafkaDoes(plain);
    assertThat(read.stringPropertyNames()).hasSize(plainRead.size() + 1).contains(key);
    assertThat(read.getProperty(key)).isEqualTo(value);
  }

  private static Properties readAsKafkaDoes(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    return properties;
  }

  private static Map<String, Object> inventory(Map<String, String> config, Map<String, String> sysctl) {
    Map<String, Object> kafka = new LinkedHashMap<>();
    kafka.put("version", "3.9.1");
    kafka.put("config", config);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("cluster", "generated");
    document.put("kafka", kafka);
    document.put("zookeeper", Map.of("config", config));
    document.put("sysctl", Map.of("values", sysctl));
    document.put("hosts", List.of(
        Map.of("name", "cpu-node1", "address", "192.168.1.184", "zookeeperId", 1, "brokerId", 1),
        Map.of("name", "cpu-node2", "address", "192.168.1.187", "zookeeperId", 2, "brokerId", 2),
        Map.of("name", "worker-node3", "address", "192.168.1.190", "zookeeperId", 3, "brokerId", 3)));
    return document;
  }

  /** Strings of 1 to 5 hostile fragments and random characters, every tenth plain text. */
  private List<String> generate(int count) {
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder s = new StringBuilder();
      if (i % 10 == 0) {
        s.append("plain").append(i).append(".x-").append(random.nextInt(1000));
      } else {
        int parts = 1 + random.nextInt(5);
        for (int p = 0; p < parts; p++) {
          s.append(random.nextBoolean() ? FRAGMENTS.get(random.nextInt(FRAGMENTS.size()))
              : String.valueOf((char) (0x20 + random.nextInt(0x5f))));
        }
      }
      strings.add(s.toString());
    }
    return strings;
  }

  private static String describe(String probe) {
    return probe.chars().mapToObj(c -> c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c))
        .collect(Collectors.joining("", "\"", "\""));
  }
}
