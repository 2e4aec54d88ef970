package dev.steward.common.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of the reference guide (kafka-setup-guide.md) that Steward applies by default,
 * in the guide's order. The loader fills the inventory model from them; the renderers use the
 * same key order so that a rendered file holds the guide's lines in the guide's sequence.
 */
public final class GuideDefaults {

  /** Derived by Steward: {@code log.dirs} from kafka.dataDirs. */
  public static final String LOG_DIRS = "log.dirs";
  /** Derived by Steward: {@code zookeeper.connect} from the ensemble's hosts. */
  public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";

  /**
   * Every key of the guide's common server.properties block, in its order, including the two
   * that Steward derives ({@link #LOG_DIRS}, {@link #ZOOKEEPER_CONNECT}).
   */
  public static final List<String> SERVER_PROPERTIES_ORDER = List.of(
      LOG_DIRS,
      "num.network.threads",
      "num.io.threads",
      "socket.send.buffer.bytes",
      "socket.receive.buffer.bytes",
      "socket.request.max.bytes",
      "num.partitions",
      "num.recovery.threads.per.data.dir",
      "offsets.topic.replication.factor",
      "transaction.state.log.replication.factor",
      "transaction.state.log.min.isr",
      "log.retention.hours",
      "log.segment.bytes",
      "log.retention.check.interval.ms",
      ZOOKEEPER_CONNECT,
      "zookeeper.connection.timeout.ms",
      "group.initial.rebalance.delay.ms",
      "replica.fetch.max.bytes",
      "message.max.bytes",
      "replica.socket.timeout.ms",
      "replica.socket.receive.buffer.bytes");

  /** The guide's common block values (the derived keys excluded), in order. */
  public static final Map<String, String> SERVER_PROPERTIES = ordered(
      "num.network.threads", "3",
      "num.io.threads", "8",
      "socket.send.buffer.bytes", "102400",
      "socket.receive.buffer.bytes", "102400",
      "socket.request.max.bytes", "104857600",
      "num.partitions", "3",
      "num.recovery.threads.per.data.dir", "1",
      "offsets.topic.replication.factor", "3",
      "transaction.state.log.replication.factor", "3",
      "transaction.state.log.min.isr", "2",
      "log.retention.hours", "168",
      "log.segment.bytes", "1073741824",
      "log.retention.check.interval.ms", "300000",
      "zookeeper.connection.timeout.ms", "18000",
      "group.initial.rebalance.delay.ms", "0",
      "replica.fetch.max.bytes", "1048576",
      "message.max.bytes", "1000012",
      "replica.socket.timeout.ms", "30000",
      "replica.socket.receive.buffer.bytes", "65536");

  /** The guide's "High Availability Considerations", applied as broker defaults. */
  public static final Map<String, String> HIGH_AVAILABILITY = ordered(
      "default.replication.factor", "3",
      "min.insync.replicas", "2",
      "unclean.leader.election.enable", "false",
      "controlled.shutdown.enable", "true");

  /** The guide's KAFKA_JVM_PERFORMANCE_OPTS. */
  public static final List<String> KAFKA_JVM_OPTIONS = List.of(
      "-server",
      "-XX:+UseG1GC",
      "-XX:MaxGCPauseMillis=20",
      "-XX:InitiatingHeapOccupancyPercent=35",
      "-XX:+ExplicitGCInvokesConcurrent",
      "-XX:MaxInlineLevel=15",
      "-Djava.awt.headless=true");

  public static final String KAFKA_HEAP = "2G";
  public static final List<String> KAFKA_DATA_DIRS = List.of("/var/lib/kafka/logs");

  /**
   * The guide's zookeeper.properties settings that an inventory may override (dataDir,
   * clientPort, admin.enableServer and server.N have fields of their own).
   */
  public static final Map<String, String> ZOOKEEPER_PROPERTIES = ordered(
      "maxClientCnxns", "0",
      "initLimit", "10",
      "syncLimit", "5");

  public static final String ZOOKEEPER_DATA_DIR = "/var/lib/zookeeper";

  /** The guide's "Operating System tuning". */
  public static final Map<String, String> SYSCTL = ordered(
      "vm.swappiness", "1",
      "vm.dirty_ratio", "80",
      "vm.dirty_background_ratio", "5",
      "net.core.rmem_default", "262144",
      "net.core.rmem_max", "16777216",
      "net.core.wmem_default", "262144",
      "net.core.wmem_max", "16777216");

  /**
   * The guide's Step 9 connect-distributed.properties, less the keys Steward derives
   * (bootstrap.servers, group.id, the REST listener, plugin.path), in the guide's order.
   */
  public static final Map<String, String> CONNECT_PROPERTIES = ordered(
      "key.converter", "org.apache.kafka.connect.json.JsonConverter",
      "value.converter", "org.apache.kafka.connect.json.JsonConverter",
      "key.converter.schemas.enable", "true",
      "value.converter.schemas.enable", "true",
      "offset.storage.topic", "connect-offsets",
      "offset.storage.replication.factor", "3",
      "config.storage.topic", "connect-configs",
      "config.storage.replication.factor", "3",
      "status.storage.topic", "connect-status",
      "status.storage.replication.factor", "3",
      "offset.flush.interval.ms", "10000");

  /**
   * Worker settings Steward adds to the guide's. Connect's incremental rebalancing keeps a departed
   * worker's connectors and tasks unassigned until scheduled.rebalance.max.delay.ms has passed
   * (default 5 minutes, measured: a rolling restart left a connector UNASSIGNED for all of it), so
   * every worker restart would stop that worker's share of the pipeline for five minutes. 15 s
   * covers a worker restart (about 12 s here) and bounds the gap after a crash.
   */
  public static final Map<String, String> CONNECT_STEWARD_DEFAULTS = ordered(
      "scheduled.rebalance.max.delay.ms", "15000",
      // connectors name their secrets as ${file:...} references (docs/cdc.md), never inline
      "config.providers", "file",
      "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");

  /** The guide's group.id and rest.port for Connect. */
  public static final String CONNECT_GROUP_ID = "connect-cluster";
  public static final int CONNECT_REST_PORT = 8083;
  /** Not in the guide (it runs Connect with the scripts' default of 1G heap). */
  public static final String CONNECT_HEAP = "1G";
  /** Plugins live outside the versioned Kafka directory, so an upgrade keeps them. */
  public static final String CONNECT_PLUGIN_ROOT = "/opt/connect-plugins";

  /** The guide's `useradd -r -s /bin/false kafka`. */
  public static final String SERVICE_USER = "kafka";
  public static final String SERVICE_USER_SHELL = "/bin/false";
  public static final String INSTALL_ROOT = "/opt";
  /** The guide's prerequisites. */
  public static final long MIN_MEMORY_BYTES = 4L << 30;
  public static final long MIN_FREE_DISK_BYTES = 50L << 30;
  public static final int MIN_JAVA = 11;
  /**
   * The guide's RestartSec, kept for ZooKeeper and Connect. A broker waits longer, until its old
   * ZooKeeper session has expired (KafkaService.restartDelaySeconds).
   */
  public static final int RESTART_DELAY_SECONDS = 10;

  private GuideDefaults() {
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
