package dev.steward.common.service;

import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.InstallSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.KafkaSpec;
import dev.steward.common.render.BuiltInDefaults;
import dev.steward.common.render.ServerPropertiesRenderer;
import dev.steward.common.state.HostLayout;
import dev.steward.common.state.SecretValues;
import dev.steward.common.state.Resources;
import dev.steward.common.state.ServiceResources;
import java.util.List;

/** The brokers: the guide's Step 4 on every host with a brokerId, once ZooKeeper has quorum. */
public final class KafkaService implements ServiceDescriptor {

  public static final String NAME = "kafka";

  /** The broker's ZooKeeper session timeout, and Kafka's default for it. */
  static final String ZOOKEEPER_SESSION_TIMEOUT = "zookeeper.session.timeout.ms";
  static final int KAFKA_DEFAULT_SESSION_TIMEOUT_MS = 18_000;
  /** ZooKeeper grants no session shorter than 2 ticks: 6 s with its default tickTime, which the guide keeps. */
  static final int ZOOKEEPER_MINIMUM_SESSION_MS = 6_000;
  /**
   * ZooKeeper expires a session on a tick boundary after its timeout (up to one tickTime late:
   * 3 s, ZooKeeper's default, which the guide keeps), and on an ensemble a follower passes the
   * session's last ping on to the leader up to half a tick late; the rest is spare.
   */
  static final int SESSION_EXPIRY_MARGIN_MS = 5_000;

  @Override
  public ServiceName id() {
    return ServiceName.SERVICE_NAME_KAFKA;
  }

  @Override
  public List<String> startsAfter() {
    return List.of(ZooKeeperService.NAME);
  }

  @Override
  public List<HostSpec> hosts(Inventory inventory) {
    return inventory.brokerHosts();
  }

  @Override
  public List<Resource> directories(Inventory inventory) {
    return inventory.kafka().dataDirs().stream()
        .map(dir -> Resources.ownedDirectory(dir, Resources.DATA_DIRECTORY_MODE, inventory.install())).toList();
  }

  @Override
  public List<String> dataPaths(Inventory inventory) {
    return inventory.kafka().dataDirs();
  }

  @Override
  public List<Resource> resources(Inventory inventory, HostSpec host, HostLayout layout, SecretValues secrets) {
    InstallSpec install = inventory.install();
    String configFile = ServiceResources.configFile(install, "server.properties");
    // a broker only depends on a ZooKeeper node of its own host; remote ones are reached over the network
    List<ServiceName> requires = host.runsZooKeeper() ? List.of(ServiceName.SERVICE_NAME_ZOOKEEPER) : List.of();
    return List.of(
        // compared by setting, so that a hand-written file that sets the same is kept (an adopted host)
        Resources.withFile(Resources.configFile(configFile, ServerPropertiesRenderer.render(inventory, host, layout),
            install, id()), file -> file.setPropertiesEquivalence(BuiltInDefaults.kafka())),
        ServiceResources.running(id(), inventory, configFile, inventory.kafka().heap(), inventory.kafka().jvmOptions(),
            requires, restartDelaySeconds(inventory.kafka())));
  }

  /**
   * How long after a crash a broker is started again (systemd's RestartSec=, the supervisor's
   * backoff base). A broker that died without a clean shutdown (kill -9, OOM kill, power loss)
   * leaves its ephemeral {@code /brokers/ids/<id>} behind until ZooKeeper expires its session; one
   * started before that exits ("node already exists ... does not match current session"). With
   * the guide's 10 s against Kafka's 18 s session, the first crash restart always failed and the
   * backoff kept the broker down 38-63 s (issue 11). So the delay outlasts the session the broker
   * asks for, plus {@link #SESSION_EXPIRY_MARGIN_MS} (see docs/architecture.md); it is never
   * shorter than the guide's 10 s. ZooKeeper may grant a shorter session than asked (at most 20
   * ticks, 60 s by default): the delay then errs on the long side.
   */
  public static int restartDelaySeconds(KafkaSpec kafka) {
    long sessionMillis = Math.max(ZOOKEEPER_MINIMUM_SESSION_MS,
        sessionTimeoutMillis(kafka.config().get(ZOOKEEPER_SESSION_TIMEOUT)));
    return (int) ((sessionMillis + SESSION_EXPIRY_MARGIN_MS + 999) / 1000);
  }

  /** The configured timeout; Kafka's default when unset, or when Kafka would refuse the value anyway. */
  private static long sessionTimeoutMillis(String configured) {
    if (configured == null) {
      return KAFKA_DEFAULT_SESSION_TIMEOUT_MS;
    }
    try {
      int millis = Integer.parseInt(configured.trim());
      return millis > 0 ? millis : KAFKA_DEFAULT_SESSION_TIMEOUT_MS;
    } catch (NumberFormatException e) {
      return KAFKA_DEFAULT_SESSION_TIMEOUT_MS;
    }
  }

  @Override
  public List<Listener> listens(Inventory inventory, HostSpec host) {
    List<String> clients = inventory.kafka().clientNetworks();
    return List.of(new Listener("kafka", "kafka.port", host.address(), inventory.kafka().port(), clients, true,
        clients.isEmpty()));
  }

  @Override
  public List<Dial> dials() {
    return List.of(new Dial(ZooKeeperService.NAME, "zk-client"), new Dial(NAME, "kafka"));
  }
}
