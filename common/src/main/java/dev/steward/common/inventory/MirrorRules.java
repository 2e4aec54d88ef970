package dev.steward.common.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Mirrors against the rest of the inventory: a Connect cluster to run on, a source that is not
 * this cluster (a loop), topic patterns that leave internal topics alone, names that collide
 * with nothing, and no setting Steward derives written by hand.
 */
final class MirrorRules {

  private MirrorRules() {
  }

  static void check(Inventory inventory, Problems problems) {
    List<MirrorSpec> mirrors = inventory.mirrors();
    Map<String, Integer> names = new HashMap<>();
    Map<String, Integer> aliases = new HashMap<>();
    Set<String> declaredConnectors = new TreeSet<>();
    inventory.connectors().forEach(c -> declaredConnectors.add(c.name()));
    Set<String> ownBrokers = ownBrokers(inventory);
    for (int i = 0; i < mirrors.size(); i++) {
      MirrorSpec mirror = mirrors.get(i);
      String at = FieldPath.index("mirrors", i);
      Integer first = mirror.name().isEmpty() ? null : names.putIfAbsent(mirror.name(), i);
      if (first != null) {
        problems.error(at + ".name", Printable.quote(mirror.name()) + " is also mirrors[" + first + "]'s name",
            "give every mirror its own name");
      }
      Integer sameAlias = mirror.sourceAlias().isEmpty() ? null : aliases.putIfAbsent(mirror.sourceAlias(), i);
      if (sameAlias != null && first == null) {
        problems.error(at + ".source.alias", Printable.quote(mirror.sourceAlias()) + " is also mirrors[" + sameAlias
            + "]'s source alias: their internal topics and mirrored topic names would mix",
            "give every source cluster its own alias");
      }
      if (mirror.sourceAlias().equals(inventory.cluster())) {
        problems.error(at + ".source.alias", Printable.quote(mirror.sourceAlias()) + " is this cluster's own name, "
            + "which MirrorMaker 2 uses as the target's alias", "name the source cluster, e.g. alias: east");
      }
      if (!inventory.connect().enabled()) {
        problems.error(at, "there is no Connect cluster to run its connectors on", "add a connect section with the "
            + "worker hosts: Steward runs MirrorMaker 2 as connectors on this cluster's workers (docs/mirroring.md)");
      }
      for (String connector : List.of(mirror.sourceConnectorName(), mirror.checkpointConnectorName(),
          mirror.heartbeatConnectorName())) {
        if (declaredConnectors.contains(connector)) {
          problems.error(at + ".name", "its connector " + connector + " has the name of a connector under connectors",
              "rename the mirror or that connector");
        }
      }
      loop(mirror, at, ownBrokers, problems);
      internalTopics(mirror, at, MirrorInternalTopics.samples(inventory, mirror), problems);
      mirror.config().keySet().stream().filter(MirrorListReader.OWNED_CONFIG::containsKey).forEach(key ->
          problems.error(FieldPath.quoted(at + ".config", key), "is set by Steward and may not be given here",
              MirrorListReader.OWNED_CONFIG.get(key)));
      if (!mirror.groups().isEmpty() && !mirror.offsetSync().emitCheckpoints() && mirror.offsetSync().syncGroupOffsets()
          && !problems.failedWithin(at + ".offsetSync")) {
        problems.error(at + ".offsetSync.syncGroupOffsets", "is true while emitCheckpoints is false: group offsets "
            + "are synced from the checkpoints", "set emitCheckpoints: true, or syncGroupOffsets: false");
      }
    }
  }

  /** A source broker that is one of this cluster's brokers would copy the cluster onto itself. */
  private static void loop(MirrorSpec mirror, String at, Set<String> ownBrokers, Problems problems) {
    List<String> servers = mirror.sourceBootstrapServers();
    for (int s = 0; s < servers.size(); s++) {
      if (ownBrokers.contains(servers.get(s).toLowerCase(Locale.ROOT))) {
        problems.error(FieldPath.index(at + ".source.bootstrapServers", s), servers.get(s) + " is a broker of this "
            + "cluster: the mirror would copy the cluster onto itself (a loop)",
            "list the brokers of the other cluster to mirror from; to copy topics within one cluster, "
                + "MirrorMaker 2 is not the tool");
      }
    }
  }

  private static void internalTopics(MirrorSpec mirror, String at, List<String> internal, Problems problems) {
    List<String> topics = mirror.topics();
    for (int t = 0; t < topics.size(); t++) {
      Optional<String> match = MirrorInternalTopics.firstMatch(topics.get(t), mirror.topicsExclude(), internal);
      if (match.isPresent()) {
        problems.error(FieldPath.index(at + ".topics", t), Printable.quote(topics.get(t)) + " would also mirror the "
            + "internal topic " + match.get() + " (Kafka's, Connect's, MirrorMaker 2's and schema registries' own "
            + "topics are never mirrored)", "narrow the pattern to your topics (e.g. orders\\..*), or exclude the "
            + "internal ones under topicsExclude (e.g. \"__.*\", \"_schemas\", \"connect-.*\", \"mm2-.*\", "
            + "heartbeats, \".*\\.internal\")");
      }
    }
  }

  private static Set<String> ownBrokers(Inventory inventory) {
    Set<String> brokers = new TreeSet<>();
    for (HostSpec host : inventory.brokerHosts()) {
      for (String name : List.of(host.address(), host.name())) {
        brokers.add(HostSpec.hostPort(name, inventory.kafka().port()).toLowerCase(Locale.ROOT));
        brokers.add((name + ":" + inventory.kafka().port()).toLowerCase(Locale.ROOT));
      }
    }
    return brokers;
  }
}
