package dev.steward.common.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Topics that belong to Kafka, Connect, MirrorMaker 2 or a schema registry, never to users:
 * mirroring one would copy a cluster's bookkeeping into another (consumer offsets, connector
 * configs, another mirror's syncs) and corrupt it. A mirror's patterns are tested against a
 * representative name of each kind.
 */
final class MirrorInternalTopics {

  private MirrorInternalTopics() {
  }

  /** Representative internal topic names of a cluster with this inventory's Connect settings and mirror. */
  static List<String> samples(Inventory inventory, MirrorSpec mirror) {
    List<String> names = new ArrayList<>(List.of(
        "__consumer_offsets", "__transaction_state", "__cluster_metadata",
        "_schemas",
        "connect-offsets", "connect-configs", "connect-status",
        "heartbeats",
        "mm2-offset-syncs.source.internal", "mm2-configs.source.internal", "mm2-offsets.source.internal",
        "mm2-status.source.internal", "source.checkpoints.internal"));
    for (String alias : List.of(mirror.sourceAlias(), inventory.cluster())) {
      names.addAll(List.of("mm2-offset-syncs." + alias + ".internal", alias + ".checkpoints.internal"));
    }
    for (String key : List.of("offset.storage.topic", "config.storage.topic", "status.storage.topic")) {
      String topic = inventory.connect().config().get(key);
      if (topic != null && !names.contains(topic)) {
        names.add(topic);
      }
    }
    return names;
  }

  /** The first internal topic that {@code topics} would mirror and {@code excludes} does not exclude. */
  static Optional<String> firstMatch(String pattern, List<String> excludes, List<String> internal) {
    Pattern include = Pattern.compile(pattern);
    List<Pattern> exclude = excludes.stream().map(Pattern::compile).toList();
    return internal.stream()
        .filter(topic -> include.matcher(topic).matches())
        .filter(topic -> exclude.stream().noneMatch(e -> e.matcher(topic).matches()))
        .findFirst();
  }
}
