package dev.steward.common.inventory;

import dev.steward.common.inventory.PropertyOverrides.OwnedKeys;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Reads the {@code zookeeper} section. */
final class ZooKeeperSectionReader {

  static final List<String> KEYS = List.of("clientPort", "peerPort", "electionPort", "dataDir", "heap",
      "jvmOptions", "adminServer", "fourLetterWords", "bindClientPortToHostAddress", "dynamicMembership",
      "config");
  static final List<String> ADMIN_SERVER_KEYS = List.of("enabled", "port");

  static final List<String> ZOOKEEPER_JVM_OPTIONS = List.of("-server", "-XX:+UseG1GC", "-Djava.awt.headless=true");
  static final List<String> FOUR_LETTER_WORDS = List.of("srvr", "mntr", "ruok", "stat", "conf", "cons", "envi",
      "wchs", "dirs", "isro");
  /** Steward's health gates read these two, so they must stay enabled. */
  static final List<String> REQUIRED_FOUR_LETTER_WORDS = List.of("srvr", "mntr");
  static final List<String> DEFAULT_FOUR_LETTER_WORDS = List.of("srvr", "mntr", "ruok", "stat");

  private static final OwnedKeys OWNED = new OwnedKeys(Map.ofEntries(
      Map.entry("reconfigEnabled", "use zookeeper.dynamicMembership instead"),
      Map.entry("standaloneEnabled", "use zookeeper.dynamicMembership instead"),
      Map.entry("dynamicConfigFile", "Steward sets it with zookeeper.dynamicMembership"),
      Map.entry("dataDir", "use zookeeper.dataDir instead"),
      Map.entry("clientPort", "use zookeeper.clientPort instead"),
      Map.entry("clientPortAddress", "use zookeeper.bindClientPortToHostAddress instead"),
      Map.entry("admin.enableServer", "use zookeeper.adminServer.enabled instead"),
      Map.entry("admin.serverPort", "use zookeeper.adminServer.port instead"),
      Map.entry("admin.serverAddress", "Steward sets it with zookeeper.bindClientPortToHostAddress"),
      Map.entry("4lw.commands.whitelist", "use zookeeper.fourLetterWords instead")),
      Map.of("server.", "Steward derives the server.N lines from the hosts with a zookeeperId, "
          + "zookeeper.peerPort and zookeeper.electionPort"));

  private final Problems problems;

  ZooKeeperSectionReader(Problems problems) {
    this.problems = problems;
  }

  ZooKeeperSpec read(YamlMap zk) {
    YamlMap admin = zk.section("adminServer", ADMIN_SERVER_KEYS);
    return new ZooKeeperSpec(
        zk.get("clientPort", ValueParsers.port(), 2181),
        zk.get("peerPort", ValueParsers.port(), 2888),
        zk.get("electionPort", ValueParsers.port(), 3888),
        zk.get("dataDir", ValueParsers.absolutePath(), GuideDefaults.ZOOKEEPER_DATA_DIR),
        zk.get("heap", ValueParsers.heap(), "512m"),
        zk.list("jvmOptions", JvmOptions.parser("zookeeper.heap"), ZOOKEEPER_JVM_OPTIONS),
        admin.get("enabled", ValueParsers.bool(), false),
        admin.get("port", ValueParsers.port(), 8080),
        fourLetterWords(zk),
        zk.get("bindClientPortToHostAddress", ValueParsers.bool(), false),
        zk.get("dynamicMembership", ValueParsers.bool(), false),
        PropertyOverrides.read(zk, "config", PropertyRules::propertyKeyProblem, PropertyRules.KEY_FIX, OWNED,
            GuideDefaults.ZOOKEEPER_PROPERTIES, problems));
  }

  private List<String> fourLetterWords(YamlMap zk) {
    String fix = "list some of " + String.join(", ", FOUR_LETTER_WORDS) + "; srvr and mntr are required";
    List<String> words = zk.list("fourLetterWords",
        ValueParsers.string("a ZooKeeper four-letter word", fix, FOUR_LETTER_WORDS::contains),
        DEFAULT_FOUR_LETTER_WORDS);
    String field = zk.field("fourLetterWords");
    List<String> missing = REQUIRED_FOUR_LETTER_WORDS.stream().filter(w -> !words.contains(w)).toList();
    if (!missing.isEmpty() && !problems.failedWithin(field)) {
      problems.error(field, "does not contain " + String.join(" and ", missing)
          + ", which Steward's health gates use to find the leader and check followers are synced", fix);
    }
    // a word listed twice is harmless: keep the first
    return List.copyOf(new LinkedHashSet<>(words));
  }
}
