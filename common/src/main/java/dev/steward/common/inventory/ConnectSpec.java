package dev.steward.common.inventory;

import java.util.List;
import java.util.Map;

/**
 * Kafka Connect in distributed mode (the guide's Step 9): one worker group on the named hosts.
 *
 * @param hosts names of the hosts that run a worker, in inventory order; empty: no Connect
 * @param config the guide's worker properties with the inventory's overrides, in rendering order
 *     (never the keys Steward derives: bootstrap.servers, group.id, listeners, plugin.path)
 * @param plugins archives unpacked under {@link GuideDefaults#CONNECT_PLUGIN_ROOT}, linked onto plugin.path
 */
public record ConnectSpec(
    List<String> hosts,
    String groupId,
    int restPort,
    String heap,
    List<String> jvmOptions,
    Map<String, String> config,
    List<PluginSpec> plugins) {

  public static final ConnectSpec NONE = new ConnectSpec(List.of(), GuideDefaults.CONNECT_GROUP_ID,
      GuideDefaults.CONNECT_REST_PORT, GuideDefaults.CONNECT_HEAP, GuideDefaults.KAFKA_JVM_OPTIONS,
      ConnectSectionReader.defaultConfig(), List.of());

  public ConnectSpec {
    hosts = List.copyOf(hosts);
    jvmOptions = List.copyOf(jvmOptions);
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
    plugins = List.copyOf(plugins);
  }

  public boolean enabled() {
    return !hosts.isEmpty();
  }

  public boolean runsOn(HostSpec host) {
    return hosts.contains(host.name());
  }

  /** The three internal topics and their replication factors, from the worker config. */
  public Map<String, String> internalTopics() {
    Map<String, String> topics = new java.util.LinkedHashMap<>();
    for (String kind : List.of("offset", "config", "status")) {
      topics.put(config.get(kind + ".storage.topic"), config.get(kind + ".storage.replication.factor"));
    }
    return topics;
  }

  public ConnectSpec withHosts(List<String> newHosts) {
    return new ConnectSpec(newHosts, groupId, restPort, heap, jvmOptions, config, plugins);
  }
}
