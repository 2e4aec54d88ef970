package dev.steward.common.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads {@code mirrors}: MirrorMaker 2 flows from other clusters into this one. */
final class MirrorListReader {

  static final List<String> KEYS = List.of("name", "source", "topics", "topicsExclude", "groups", "replicationPolicy",
      "offsetSync", "refreshInterval", "emitHeartbeats", "tasksMax", "state", "config");
  static final List<String> SOURCE_KEYS = List.of("alias", "bootstrapServers");
  static final List<String> OFFSET_SYNC_KEYS = List.of("emitCheckpoints", "syncGroupOffsets", "checkpointInterval",
      "syncGroupOffsetsInterval", "offsetLagMax");

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  // no '.': the prefixed policy separates the alias from the topic with one
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);

  private final Problems problems;

  MirrorListReader(Problems problems) {
    this.problems = problems;
  }

  List<MirrorSpec> mirrors(YamlMap top) {
    List<MirrorSpec> mirrors = new ArrayList<>();
    if (!top.contains("mirrors")) {
      return mirrors;
    }
    for (Optional<YamlMap> item : top.requiredMappingList("mirrors", KEYS, "list mirrors, e.g. - {name: east, "
        + "source: {bootstrapServers: [10.0.1.1:9092]}, topics: [\"orders\\\\..*\"]}")) {
      // kept even when incomplete (and already reported), so mirrors[i] in later messages is the file's index
      item.ifPresent(mirror -> mirrors.add(mirror(mirror)));
    }
    return mirrors;
  }

  private MirrorSpec mirror(YamlMap mirror) {
    Optional<String> name = mirror.required("name", ValueParsers.matching(NAME, "a mirror name (lower-case letters, "
        + "digits and '-', at most 63)", "name the mirror after its source, e.g. east"), "add name: <e.g. east>");
    Optional<YamlMap> source = mirror.requiredSection("source", SOURCE_KEYS,
        "add source: {bootstrapServers: [<host:port of the source cluster's brokers>]}");
    String alias = source.flatMap(s -> s.optional("alias", ValueParsers.matching(ALIAS, "a cluster alias (letters, "
        + "digits, '_', '-'; no '.')", "write a short name for the source cluster, e.g. east"))).orElse(name.orElse(""));
    List<String> servers = source.map(s -> s.list("bootstrapServers", bootstrapServer(), List.of())).orElse(List.of());
    if (source.isPresent() && servers.isEmpty() && !problems.failedWithin(source.get().field("bootstrapServers"))) {
      problems.invalid(source.get().field("bootstrapServers"), "is missing or empty",
          "list the source cluster's brokers, e.g. bootstrapServers: [10.0.1.1:9092, 10.0.1.2:9092]");
    }
    List<String> topics = mirror.list("topics", regex(), List.of());
    if (topics.isEmpty() && !problems.failedWithin(mirror.field("topics"))) {
      problems.invalid(mirror.field("topics"), "is missing or empty, so nothing would be mirrored",
          "list the topics to mirror as regular expressions, e.g. topics: [\"orders\\\\..*\", payments]");
    }
    MirrorSpec.ReplicationPolicy policy = mirror.get("replicationPolicy", ValueParsers.string("prefixed or identity",
        "write prefixed (topics arrive as <alias>.<topic>) or identity (same name)",
        text -> text.equals("prefixed") || text.equals("identity")), "prefixed").equals("identity")
        ? MirrorSpec.ReplicationPolicy.IDENTITY : MirrorSpec.ReplicationPolicy.PREFIXED;
    return new MirrorSpec(name.orElse(""), alias, servers, topics,
        mirror.list("topicsExclude", regex(), List.of()),
        mirror.list("groups", regex(), List.of()),
        policy,
        offsetSync(mirror.section("offsetSync", OFFSET_SYNC_KEYS)),
        mirror.get("refreshInterval", seconds(), DEFAULT_REFRESH),
        mirror.get("emitHeartbeats", ValueParsers.bool(), true),
        mirror.get("tasksMax", ValueParsers.integer(1, 1000, "use a number of tasks from 1 to 1000"), 1),
        mirror.properties("config", PropertyRules::propertyKeyProblem, PropertyRules.KEY_FIX),
        mirror.get("state", ValueParsers.string("running, paused or stopped", "write running, paused or stopped",
            ConnectorListReader.STATES::contains), "running"));
  }

  private MirrorOffsetSync offsetSync(YamlMap sync) {
    MirrorOffsetSync defaults = MirrorOffsetSync.DEFAULTS;
    return new MirrorOffsetSync(
        sync.get("emitCheckpoints", ValueParsers.bool(), defaults.emitCheckpoints()),
        sync.get("syncGroupOffsets", ValueParsers.bool(), defaults.syncGroupOffsets()),
        sync.get("checkpointInterval", seconds(), defaults.checkpointInterval()),
        sync.get("syncGroupOffsetsInterval", seconds(), defaults.syncGroupOffsetsInterval()),
        sync.get("offsetLagMax", ValueParsers.integer(1, 1_000_000, "use a number of records from 1 to 1000000 "
            + "(smaller: less to re-read after a failover, more offset-sync records)"), defaults.offsetLagMax()));
  }

  /** MM2's intervals are whole seconds. */
  private static ValueParser<Duration> seconds() {
    ValueParser<Duration> duration = ValueParsers.duration(false);
    return node -> {
      Duration value = duration.parse(node);
      if (value.toMillis() % 1000 != 0) {
        throw new InvalidValue("is not a whole number of seconds (MirrorMaker 2 counts its intervals in seconds)",
            "write e.g. 5s or 1m");
      }
      return value;
    };
  }

  private static ValueParser<String> regex() {
    return node -> {
      String text = ValueParsers.scalarText(node);
      if (text.isEmpty() || text.contains(",")) {
        // MM2 takes the patterns as one comma-separated list
        throw new InvalidValue(text.isEmpty() ? "is empty" : Printable.quote(text) + " contains ','",
            "write one regular expression per item; use (a|b) instead of a comma");
      }
      try {
        Pattern.compile(text);
      } catch (PatternSyntaxException e) {
        throw new InvalidValue(Printable.quote(text) + " is not a regular expression: " + e.getDescription(),
            "write a Java regular expression that matches whole topic or group names, e.g. orders\\..*");
      }
      return text;
    };
  }

  private static ValueParser<String> bootstrapServer() {
    return ValueParsers.string("host:port", "write a source broker as host:port, e.g. 10.0.1.1:9092",
        MirrorListReader::isHostPort);
  }

  static boolean isHostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      return false;
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String port = text.substring(colon + 1);
    if (!port.matches("[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65535) {
      return false;
    }
    return Addresses.isHostAddress(host);
  }

  /** The {@code config} keys Steward derives from the mirror's fields. */
  static final Map<String, String> OWNED_CONFIG = Map.ofEntries(
      Map.entry("connector.class", "Steward runs MirrorMaker 2's three connectors"),
      Map.entry("tasks.max", "use tasksMax"),
      Map.entry("name", "use name"),
      Map.entry("source.cluster.alias", "use source.alias"),
      Map.entry("target.cluster.alias", "Steward uses the inventory's cluster name"),
      Map.entry("source.cluster.bootstrap.servers", "use source.bootstrapServers"),
      Map.entry("target.cluster.bootstrap.servers", "Steward derives it from the brokers"),
      Map.entry("topics", "use topics"),
      Map.entry("topics.exclude", "use topicsExclude"),
      Map.entry("groups", "use groups"),
      Map.entry("replication.policy.class", "use replicationPolicy"),
      Map.entry("emit.checkpoints.enabled", "use offsetSync.emitCheckpoints"),
      Map.entry("emit.checkpoints.interval.seconds", "use offsetSync.checkpointInterval"),
      Map.entry("sync.group.offsets.enabled", "use offsetSync.syncGroupOffsets"),
      Map.entry("sync.group.offsets.interval.seconds", "use offsetSync.syncGroupOffsetsInterval"),
      Map.entry("offset.lag.max", "use offsetSync.offsetLagMax"),
      Map.entry("refresh.topics.interval.seconds", "use refreshInterval"),
      Map.entry("refresh.groups.interval.seconds", "use refreshInterval"),
      Map.entry("emit.heartbeats.enabled", "use emitHeartbeats"),
      Map.entry("offset-syncs.topic.location", "Steward keeps the offset syncs on this cluster (docs/mirroring.md)"),
      Map.entry("key.converter", "mirrored records are copied as bytes"),
      Map.entry("value.converter", "mirrored records are copied as bytes"),
      Map.entry("header.converter", "mirrored records are copied as bytes"));
}
