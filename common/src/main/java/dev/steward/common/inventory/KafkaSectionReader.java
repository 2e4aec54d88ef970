package dev.steward.common.inventory;

import dev.steward.common.inventory.PropertyOverrides.OwnedKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code kafka} section: version, artifact, broker settings and server.properties overrides. */
final class KafkaSectionReader {

  static final List<String> KEYS = List.of("version", "scalaVersion", "artifact", "port", "dataDirs", "heap",
      "jvmOptions", "config", "clientNetworks", "interBrokerProtocolVersion");

  private static final Pattern RELEASE = Pattern.compile("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
  private static final Pattern SCALA = Pattern.compile("2\\.1[23]");
  private static final Pattern PROTOCOL = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})(-IV[0-9]{1,3})?");
  private static final String KRAFT_ONLY = "this cluster runs in ZooKeeper mode; KRaft settings do not apply";

  private static final OwnedKeys OWNED = new OwnedKeys(Map.ofEntries(
      Map.entry("broker.id", "set hosts[].brokerId instead"),
      Map.entry("broker.rack", "set hosts[].rack instead"),
      Map.entry("listeners", "Steward derives it from hosts[].address and kafka.port"),
      Map.entry("advertised.listeners", "Steward derives it from hosts[].address and kafka.port"),
      Map.entry(GuideDefaults.ZOOKEEPER_CONNECT, "Steward derives it from the hosts with a zookeeperId and zookeeper.clientPort"),
      Map.entry(GuideDefaults.LOG_DIRS, "use kafka.dataDirs instead"),
      Map.entry("log.dir", "use kafka.dataDirs instead"),
      Map.entry("inter.broker.protocol.version", "use kafka.interBrokerProtocolVersion instead"),
      Map.entry("process.roles", KRAFT_ONLY),
      Map.entry("node.id", KRAFT_ONLY)), Map.of());

  private static final KafkaVersion FALLBACK_VERSION = new KafkaVersion(3, 9, 1);

  private final Problems problems;
  private final Path baseDir;

  KafkaSectionReader(Problems problems, Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
  }

  KafkaSpec read(Optional<YamlMap> section) {
    if (section.isEmpty()) {
      return new KafkaSpec(FALLBACK_VERSION, "2.13", Optional.empty(), 9092, GuideDefaults.KAFKA_DATA_DIRS,
          GuideDefaults.KAFKA_HEAP, GuideDefaults.KAFKA_JVM_OPTIONS, defaultConfig(), List.of(), Optional.empty());
    }
    YamlMap kafka = section.get();
    KafkaVersion version = kafka.required("version", this::version, "add version: 3.9.1 (the Kafka release to run)")
        .orElse(FALLBACK_VERSION);
    Optional<ArtifactSpec> artifact = kafka.hasSection("artifact")
        ? new ArtifactReader(problems, baseDir).read(kafka.section("artifact", ArtifactReader.KEYS))
        : Optional.empty();
    List<String> dataDirs = kafka.list("dataDirs", ValueParsers.absolutePath(), GuideDefaults.KAFKA_DATA_DIRS);
    if (dataDirs.isEmpty() && !problems.failedWithin(kafka.field("dataDirs"))) {
      problems.error(kafka.field("dataDirs"), "is empty", "list at least one data directory, e.g. [/var/lib/kafka/logs]");
    }
    Map<String, String> config = readConfig(kafka);
    return new KafkaSpec(
        version,
        kafka.get("scalaVersion", ValueParsers.versionText(SCALA, "2.12 or 2.13", "write 2.12 or 2.13"), "2.13"),
        artifact,
        kafka.get("port", ValueParsers.port(), 9092),
        dataDirs,
        kafka.get("heap", ValueParsers.heap(), GuideDefaults.KAFKA_HEAP),
        kafka.list("jvmOptions", JvmOptions.parser("kafka.heap"), GuideDefaults.KAFKA_JVM_OPTIONS),
        config,
        kafka.list("clientNetworks", ValueParsers.ipOrCidr(), List.of()),
        kafka.optional("interBrokerProtocolVersion", protocolVersion(version)));
  }

  static Map<String, String> defaultConfig() {
    Map<String, String> config = new java.util.LinkedHashMap<>(GuideDefaults.SERVER_PROPERTIES);
    config.putAll(GuideDefaults.HIGH_AVAILABILITY);
    return config;
  }

  private Map<String, String> readConfig(YamlMap kafka) {
    Map<String, String> config = PropertyOverrides.read(kafka, "config", PropertyRules::propertyKeyProblem,
        PropertyRules.KEY_FIX, OWNED, defaultConfig(), problems);
    String shutdown = config.get("controlled.shutdown.enable");
    if (!"true".equalsIgnoreCase(shutdown)) {
      problems.error(kafka.propertyField("config", "controlled.shutdown.enable"),
          Printable.quote(shutdown) + " is refused: rolling restarts rely on controlled shutdown to move "
              + "partition leadership away before a broker stops",
          "remove the key (Steward sets it to true)");
    }
    return config;
  }

  private KafkaVersion version(com.fasterxml.jackson.databind.JsonNode node) throws InvalidValue {
    String text = ValueParsers.versionText(RELEASE, "a Kafka release (major.minor.patch)",
        "write the release as major.minor.patch, e.g. 3.9.1").parse(node);
    KafkaVersion version = KafkaVersion.parse(text);
    if (!version.supportsZooKeeperMode()) {
      throw new InvalidValue("Kafka " + version + " cannot be used: Kafka 4.0 removed ZooKeeper mode, and "
          + "Steward runs clusters on ZooKeeper",
          "stay on a 3.x release (e.g. 3.9.1); moving to 4.x needs the cluster migrated to KRaft first, "
              + "which Steward does not do");
    }
    if (version.major() < 3) {
      throw new InvalidValue("Kafka " + version + " is older than 3.0, which Steward does not support",
          "use a 3.x release such as 3.9.1");
    }
    return version;
  }

  /** The pinned protocol may not be newer than the brokers' own release: they could not speak it. */
  private ValueParser<String> protocolVersion(KafkaVersion release) {
    ValueParser<String> format = ValueParsers.versionText(PROTOCOL, "an inter-broker protocol version like 3.8",
        "write major.minor, quoted (\"3.8\"), at most the release in kafka.version");
    return node -> {
      String text = format.parse(node);
      // the format parser only returns text that PROTOCOL matches
      String[] majorMinor = text.split("[.-]", 3);
      KafkaVersion pinned = new KafkaVersion(Integer.parseInt(majorMinor[0]), Integer.parseInt(majorMinor[1]), 0);
      if (pinned.compareTo(new KafkaVersion(release.major(), release.minor(), 0)) > 0) {
        throw new InvalidValue(text + " is newer than kafka.version " + release,
            "pin at most " + release.protocolVersion() + ", the protocol of the release the brokers run");
      }
      return text;
    };
  }
}
