package dev.steward.common.render;

import dev.steward.agent.v1.PropertiesEquivalence;
import dev.steward.common.inventory.GuideDefaults;
import java.util.Map;

/**
 * What Kafka 3.9 and ZooKeeper 3.8 use for a key their file leaves out, for the keys Steward
 * always renders. A hand-built file without such a key runs with this value: adopt carries it as
 * an override, so Steward's explicit line changes nothing, and the agent counts the file's
 * missing line and Steward's explicit one as the same setting ({@link #kafka()}). Keys Steward
 * renders whose built-in default is not listed here become a named pending change of adopt
 * instead, never a guess.
 */
public final class BuiltInDefaults {

  /** Kafka 3.9's defaults (KafkaConfig, ServerLogConfigs, ReplicationConfigs). */
  public static final Map<String, String> KAFKA = Map.ofEntries(
      Map.entry("default.replication.factor", "1"),
      Map.entry("min.insync.replicas", "1"),
      Map.entry("unclean.leader.election.enable", "false"),
      Map.entry("controlled.shutdown.enable", "true"),
      Map.entry("num.network.threads", "3"),
      Map.entry("num.io.threads", "8"),
      Map.entry("socket.send.buffer.bytes", "102400"),
      Map.entry("socket.receive.buffer.bytes", "102400"),
      Map.entry("socket.request.max.bytes", "104857600"),
      Map.entry("num.partitions", "1"),
      Map.entry("num.recovery.threads.per.data.dir", "1"),
      Map.entry("offsets.topic.replication.factor", "3"),
      Map.entry("transaction.state.log.replication.factor", "3"),
      Map.entry("transaction.state.log.min.isr", "2"),
      Map.entry("log.retention.hours", "168"),
      Map.entry("log.segment.bytes", "1073741824"),
      Map.entry("log.retention.check.interval.ms", "300000"),
      Map.entry("group.initial.rebalance.delay.ms", "3000"),
      Map.entry("replica.fetch.max.bytes", "1048576"),
      Map.entry("message.max.bytes", "1048588"),
      Map.entry("replica.socket.timeout.ms", "30000"),
      Map.entry("replica.socket.receive.buffer.bytes", "65536"));

  /** ZooKeeper 3.8's defaults for the keys Steward renders. */
  public static final Map<String, String> ZOOKEEPER = Map.of(
      "maxClientCnxns", "60",
      "admin.enableServer", "true",
      "admin.serverPort", "8080",
      "4lw.commands.whitelist", "srvr");

  private BuiltInDefaults() {
  }

  /** When a server.properties as found configures the broker as Steward's would. */
  public static PropertiesEquivalence kafka() {
    return PropertiesEquivalence.newBuilder().putAllBuiltInDefaults(KAFKA)
        .addUnorderedListKeys(GuideDefaults.ZOOKEEPER_CONNECT).build();
  }

  /** When a zookeeper.properties as found configures the node as Steward's would. */
  public static PropertiesEquivalence zooKeeper() {
    return PropertiesEquivalence.newBuilder().putAllBuiltInDefaults(ZOOKEEPER).build();
  }
}
