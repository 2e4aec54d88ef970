package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of generated malformed inventories: wrong types, out-of-range numbers, control
 * characters and smuggled lines, path traversal, huge strings, unknown keys, broken structure.
 * Each must stop `steward apply` with exit code 2 and a message naming the field, before any
 * agent is called. The count tried is printed.
 */
class MalformedInventorySuiteTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static CountingAgents agents;

  @TempDir
  Path dir;

  @BeforeAll
  static void startAgents() throws Exception {
    agents = new CountingAgents();
  }

  @AfterAll
  static void stopAgents() {
    agents.close();
  }

  /** One malformed inventory: what was broken, and the key the error message must name. */
  private record Case(String description, String field, Map<String, Object> inventory) {
  }

  /** A valid inventory (checked by {@link #theBaseInventoryIsValid}) as a mutable tree. */
  private static Map<String, Object> base() {
    Map<String, Object> inventory = new LinkedHashMap<>();
    inventory.put("cluster", "fuzz");
    Map<String, Object> kafka = new LinkedHashMap<>();
    kafka.put("version", "3.9.1");
    kafka.put("port", 9092);
    kafka.put("heap", "512m");
    kafka.put("dataDirs", new ArrayList<>(List.of("/var/lib/kafka/logs")));
    kafka.put("jvmOptions", new ArrayList<>(List.of("-server", "-XX:+UseG1GC")));
    kafka.put("config", new LinkedHashMap<>(Map.of("num.partitions", 3, "log.retention.hours", 168)));
    kafka.put("clientNetworks", new ArrayList<>(List.of("127.0.0.0/8")));
    inventory.put("kafka", kafka);
    Map<String, Object> zookeeper = new LinkedHashMap<>();
    zookeeper.put("clientPort", 2181);
    zookeeper.put("dataDir", "/var/lib/zookeeper");
    zookeeper.put("heap", "256m");
    zookeeper.put("config", new LinkedHashMap<>(Map.of("tickTime", 2000)));
    inventory.put("zookeeper", zookeeper);
    Map<String, Object> install = new LinkedHashMap<>();
    install.put("root", "/opt");
    install.put("user", "kafka");
    install.put("group", "kafka");
    inventory.put("install", install);
    inventory.put("sysctl", new LinkedHashMap<>(Map.of("enabled", true,
        "values", new LinkedHashMap<>(Map.of("vm.swappiness", 1)))));
    inventory.put("preflight", new LinkedHashMap<>(Map.of("minMemory", "4GiB", "maxClockSkew", "2s")));
    inventory.put("agent", new LinkedHashMap<>(Map.of("tls", false, "port", agents.port())));
    inventory.put("rollout", new LinkedHashMap<>(Map.of("pollInterval", "250ms")));
    List<Object> hosts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      hosts.add(new LinkedHashMap<>(Map.of("name", "h" + i, "address", "127.0.0." + i, "zookeeperId", i,
          "brokerId", i)));
    }
    inventory.put("hosts", hosts);
    return inventory;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> inventory, String path) {
    Object node = inventory;
    for (String part : path.split("\\.")) {
      if (part.matches("\\d+")) {
        node = ((List<Object>) node).get(Integer.parseInt(part));
      } else {
        node = ((Map<String, Object>) node).get(part);
      }
    }
    return (Map<String, Object>) node;
  }

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    String huge = "x".repeat(100_000);
    List<Object> badStrings = List.of("", " ", "a\nb", "a\rb", "a=b", "a\u0000b", "a\u001bb", "a\u2028b", huge,
        "$(reboot)", "`id`", "a;b", "../../etc/passwd", List.of("a"), Map.of("a", 1));
    List<Object> badPorts = List.of(0, -1, 65536, 1_000_000, "http", 3.5, true, List.of(1), Map.of("a", 1), "");
    List<Object> badIds = List.of(-1, "one", 2.5, true, List.of(1), Map.of(), "", 1L << 40);
    List<Object> badPaths = List.of("relative/dir", "/var/../etc", "/var//lib", "/var/lib/./x", "/a\nb", "/a\u0000b",
        "", "/" + huge, List.of("/x"), 42, "/etc/passwd=x", "/a b");
    List<Object> badSizes = List.of("lots", "-1G", "1.5.5G", "", "12 parsecs", List.of("1G"), true, "1Q", huge);
    List<Object> badDurations = List.of("soon", "-1s", "1 fortnight", "", "10", List.of("1s"), true, "1.5.5s");
    List<Object> badPropertyValues = List.of("168\nbroker.id=7", "168\r", "a=b", "\u0000", "\u001b[2J", "\t",
        huge, List.of(1), Map.of("a", 1), "\u00e9t\u00e9", "\\");

    addAll(cases, "cluster", "cluster", badStrings, (inv, v) -> inv.put("cluster", v));
    addAll(cases, "cluster", "cluster", List.of("UPPER", "-dash", "a_b", "a.b", "x".repeat(64)), (inv, v) -> inv.put("cluster", v));
    addAll(cases, "kafka.version", "version", List.of("3.9", "3.9.1.1", "latest", "4.0.0", "2.8.2", "", 3.9, List.of("3.9.1")),
        (inv, v) -> section(inv, "kafka").put("version", v));
    addAll(cases, "kafka.port", "port", badPorts, (inv, v) -> section(inv, "kafka").put("port", v));
    addAll(cases, "zookeeper.clientPort", "clientPort", badPorts, (inv, v) -> section(inv, "zookeeper").put("clientPort", v));
    addAll(cases, "agent.port", "port", badPorts, (inv, v) -> section(inv, "agent").put("port", v));
    addAll(cases, "kafka.heap", "heap", badSizes, (inv, v) -> section(inv, "kafka").put("heap", v));
    addAll(cases, "preflight.minMemory", "minMemory", badSizes, (inv, v) -> section(inv, "preflight").put("minMemory", v));
    addAll(cases, "rollout.pollInterval", "pollInterval", badDurations,
        (inv, v) -> section(inv, "rollout").put("pollInterval", v));
    addAll(cases, "preflight.maxClockSkew", "maxClockSkew", badDurations,
        (inv, v) -> section(inv, "preflight").put("maxClockSkew", v));
    addAll(cases, "kafka.dataDirs[0]", "dataDirs", badPaths,
        (inv, v) -> section(inv, "kafka").put("dataDirs", new ArrayList<>(List.of(v))));
    addAll(cases, "zookeeper.dataDir", "dataDir", badPaths, (inv, v) -> section(inv, "zookeeper").put("dataDir", v));
    addAll(cases, "install.root", "root", badPaths, (inv, v) -> section(inv, "install").put("root", v));
    addAll(cases, "install.user", "user", List.of("root;rm", "a\nb", "UPPER", "x".repeat(40), "-x", 5, List.of("k")),
        (inv, v) -> section(inv, "install").put("user", v));
    addAll(cases, "kafka.jvmOptions[0]", "jvmOptions", List.of("-Xmx2G", "--add-opens", "rm -rf /", "-Dx=\n", "",
        "-XX:+UseG1GC -Dsmuggled=1", "-javaagent:/tmp/x.jar", 5, Map.of("a", 1)),
        (inv, v) -> section(inv, "kafka").put("jvmOptions", new ArrayList<>(List.of(v))));
    addAll(cases, "kafka.config value", "log.retention.hours", badPropertyValues,
        (inv, v) -> section(inv, "kafka.config").put("log.retention.hours", v));
    addAll(cases, "zookeeper.config value", "tickTime", badPropertyValues,
        (inv, v) -> section(inv, "zookeeper.config").put("tickTime", v));
    addAll(cases, "sysctl value", "vm.swappiness", badPropertyValues,
        (inv, v) -> section(inv, "sysctl.values").put("vm.swappiness", v));
    addAll(cases, "kafka.config key", "config", List.of("bad key", "a\nb", "=", "", "key=value", "ü"),
        (inv, v) -> section(inv, "kafka.config").put((String) v, 1));
    addAll(cases, "kafka.config owned key", "config", List.of("broker.id", "listeners", "advertised.listeners",
        "zookeeper.connect", "log.dirs", "inter.broker.protocol.version"),
        (inv, v) -> section(inv, "kafka.config").put((String) v, "1"));
    addAll(cases, "kafka.clientNetworks[0]", "clientNetworks", List.of("10.0.0.0/33", "not-a-net", "1.2.3.4/-1", "", 7,
        "10.0.0.0/8\n"), (inv, v) -> section(inv, "kafka").put("clientNetworks", new ArrayList<>(List.of(v))));
    for (int host = 0; host < 3; host++) {
      final int h = host;
      addAll(cases, "hosts[" + h + "].name", "name", badStrings, (inv, v) -> section(inv, "hosts." + h).put("name", v));
      addAll(cases, "hosts[" + h + "].address", "address", List.of("", "300.1.1.1", "a b", "::g", "host\nname", huge,
          List.of("1.2.3.4"), 5, "-leading"), (inv, v) -> section(inv, "hosts." + h).put("address", v));
      addAll(cases, "hosts[" + h + "].zookeeperId", "zookeeperId", List.of(0, 256, -1, "one", 2.5, List.of(1)),
          (inv, v) -> section(inv, "hosts." + h).put("zookeeperId", v));
      addAll(cases, "hosts[" + h + "].brokerId", "brokerId", badIds, (inv, v) -> section(inv, "hosts." + h).put("brokerId", v));
      addAll(cases, "hosts[" + h + "].agentPort", "agentPort", badPorts,
          (inv, v) -> section(inv, "hosts." + h).put("agentPort", v));
    }
    // Structure: unknown keys at every level, wrong section types, missing and duplicate entries.
    for (String level : List.of("", "kafka", "zookeeper", "install", "sysctl", "preflight", "agent", "rollout", "hosts.1")) {
      addAll(cases, "unknown key in " + (level.isEmpty() ? "top level" : level), "typo", List.of("x"),
          (inv, v) -> (level.isEmpty() ? inv : section(inv, level)).put("typo", v));
    }
    for (String sectionName : List.of("kafka", "zookeeper", "install", "sysctl", "preflight", "agent", "rollout", "hosts")) {
      addAll(cases, sectionName + " of the wrong type", sectionName, List.of("text", 42, true, List.of(1)),
          (inv, v) -> inv.put(sectionName, sectionName.equals("hosts") && v instanceof List ? List.of("h1") : v));
    }
    addAll(cases, "no hosts", "hosts", List.of(List.of()), (inv, v) -> inv.put("hosts", v));
    addAll(cases, "missing kafka", "kafka", List.of("-"), (inv, v) -> inv.remove("kafka"));
    addAll(cases, "missing cluster", "cluster", List.of("-"), (inv, v) -> inv.remove("cluster"));
    addAll(cases, "duplicate name", "name", List.of("h1"), (inv, v) -> section(inv, "hosts.2").put("name", v));
    addAll(cases, "duplicate address", "address", List.of("127.0.0.1"), (inv, v) -> section(inv, "hosts.2").put("address", v));
    addAll(cases, "duplicate zookeeperId", "zookeeperId", List.of(1), (inv, v) -> section(inv, "hosts.2").put("zookeeperId", v));
    addAll(cases, "duplicate brokerId", "brokerId", List.of(1), (inv, v) -> section(inv, "hosts.2").put("brokerId", v));
    addAll(cases, "port collision", "port", List.of(2181), (inv, v) -> section(inv, "kafka").put("port", v));
    return cases;
  }

  private static void addAll(List<Case> cases, String description, String field, List<Object> values,
      java.util.function.BiConsumer<Map<String, Object>, Object> mutation) {
    for (Object value : values) {
      Map<String, Object> inventory = base();
      mutation.accept(inventory, value);
      String shown = String.valueOf(value);
      cases.add(new Case(description + " = " + (shown.length() > 30 ? shown.substring(0, 30) + "…" : shown), field,
          inventory));
    }
  }

  private int apply(Path file, ByteArrayOutputStream err) {
    return StewardMain.run(new String[] {"apply", "-i", file.toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theBaseInventoryIsValid() throws Exception {
    Path file = dir.resolve("inventory.yaml");
    Files.writeString(file, YAML.writeValueAsString(base()));
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    StewardMain.run(new String[] {"preflight", "-i", file.toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("problem");
  }

  @Test
  void everyMalformedInventoryIsBadInputNamingTheFieldAndNoAgentIsCalled() throws Exception {
    List<Case> cases = cases();
    List<String> failures = new ArrayList<>();
    agents.reset();
    for (Case c : cases) {
      Path file = dir.resolve("inventory.yaml");
      Files.writeString(file, YAML.writeValueAsString(c.inventory()));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = apply(file, err);
      String message = err.toString(StandardCharsets.UTF_8);
      if (exit != ExitCode.BAD_INPUT) {
        failures.add(c.description() + ": exit " + exit + ": " + abbreviate(message));
      } else if (!message.contains(c.field())) {
        failures.add(c.description() + ": the message does not name " + c.field() + ": " + abbreviate(message));
      }
    }
    System.out.println("malformed inventories tried: " + cases.size() + ", refused as bad input naming the field: "
        + (cases.size() - failures.size()) + ", agent calls: " + agents.calls());

    assertThat(failures).as("malformed inventories that were not refused properly").isEmpty();
    assertThat(agents.calls()).as("no agent may be called for a malformed inventory").isZero();
    assertThat(cases.size()).isGreaterThan(300);
  }

  private static String abbreviate(String text) {
    String line = text.replace('\n', ' ');
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
