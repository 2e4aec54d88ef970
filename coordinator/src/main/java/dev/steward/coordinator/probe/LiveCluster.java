package dev.steward.coordinator.probe;

import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.deploy.Deployer;
import dev.steward.coordinator.smoke.SmokeTest;
import dev.steward.coordinator.smoke.SmokeTestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import dev.steward.common.inventory.HostSpec;
import dev.steward.coordinator.connect.ConnectClusterProbe;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real cluster behind an inventory: ZooKeeper nodes through their agents, Kafka's
 * registrations through a ZooKeeper client, partitions through Kafka's Admin API. Clients
 * are opened on first use and re-opened after a failure (the cluster may just be starting).
 */
public final class LiveCluster implements Deployer.ClusterObserver, AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** A worker's REST API answers in milliseconds; a hung one must not stall a 200 ms poll for long. */
  private static final Duration CONNECT_PROBE_TIMEOUT = Duration.ofSeconds(3);

  private final Inventory inventory;
  private final Fleet fleet;
  private final ZooKeeperEnsembleProbe ensembleProbe;
  private final ConnectClusterProbe connectProbe;
  /**
   * The ZooKeeper client and the Admin client each have their own lock, so a decision's
   * ZooKeeper reads and its Admin calls run side by side (docs/benchmarks.md); each lock only
   * guards its client being opened, used, replaced and closed.
   */
  private final Object zooKeeperLock = new Object();
  private final Object kafkaLock = new Object();
  private ZooKeeperReader zooKeeper;
  private KafkaProbe kafka;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicBoolean warmUpStarted = new java.util.concurrent.atomic.AtomicBoolean();

  public LiveCluster(Inventory inventory, Fleet fleet) {
    this.inventory = inventory;
    this.fleet = fleet;
    this.ensembleProbe = new ZooKeeperEnsembleProbe(inventory, fleet);
    // one probe (one HTTP client and its threads) for every poll
    this.connectProbe = new ConnectClusterProbe(connectWorkers(inventory), CONNECT_PROBE_TIMEOUT);
  }

  @Override
  public EnsembleSnapshot ensemble() {
    return ensembleProbe.snapshot();
  }

  @Override
  public Set<Integer> registeredBrokers() {
    return readZooKeeper(ZooKeeperReader::registeredBrokers);
  }

  public java.util.OptionalInt controller() {
    return readZooKeeper(ZooKeeperReader::controller);
  }

  public java.util.OptionalLong registrationId(int brokerId) {
    return readZooKeeper(reader -> reader.registrationId(brokerId));
  }

  public java.util.OptionalLong registrationTime(int brokerId) {
    return readZooKeeper(reader -> reader.registrationTime(brokerId));
  }

  /** A read through ZooKeeper's client that fails replaces the client: the next read reconnects at once. */
  private <T> T readZooKeeper(ZooKeeperRead<T> read) {
    synchronized (zooKeeperLock) {
      try {
        return read.from(zooKeeper());
      } catch (IOException e) {
        closeZooKeeper();
        throw new UncheckedIOException(Errors.rootMessage(e), e);
      }
    }
  }

  @FunctionalInterface
  private interface ZooKeeperRead<T> {
    T from(ZooKeeperReader reader) throws IOException;
  }

  public KafkaSnapshot kafkaSnapshot() throws ProbeException {
    synchronized (kafkaLock) {
      try {
        return kafkaProbe().snapshot();
      } catch (ProbeException e) {
        resetKafka();
        throw e;
      }
    }
  }

  /**
   * Drops the Admin client so the next call starts from fresh metadata: after the controller
   * broker restarts, a client can keep sending controller requests to the old one for seconds.
   */
  public void resetKafka() {
    synchronized (kafkaLock) {
      if (kafka != null) {
        kafka.close();
        kafka = null;
      }
    }
  }

  public KafkaProbe kafkaProbe() {
    synchronized (kafkaLock) {
      if (kafka == null) {
        requireOpen();
        kafka = new KafkaProbe(inventory.bootstrapServers(), CONNECT_TIMEOUT);
      }
      return kafka;
    }
  }

  @Override
  public ConnectClusterSnapshot connect() {
    return connectProbe.snapshot();
  }

  /** Each worker host's REST base URL, in inventory order. */
  public static Map<String, URI> connectWorkers(Inventory inventory) {
    Map<String, URI> workers = new LinkedHashMap<>();
    for (HostSpec host : inventory.connectHosts()) {
      workers.put(host.name(), URI.create("http://" + HostSpec.hostPort(host.address(), inventory.connect().restPort())));
    }
    return workers;
  }

  @Override
  public Map<String, Integer> replicationFactors(Collection<String> topics) {
    synchronized (kafkaLock) {
      try {
        return kafkaProbe().replicationFactors(topics);
      } catch (ProbeException e) {
        resetKafka();
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  @Override
  public SmokeTestResult smokeTest(int brokerCount, int records) {
    return new SmokeTest(inventory.bootstrapServers(), Duration.ofSeconds(60)).run(brokerCount, records);
  }

  private ZooKeeperReader zooKeeper() throws IOException {
    if (zooKeeper != null && !zooKeeper.connected()) {
      // Nothing lives in this read-only session (no ephemeral node, no watch): a new one connects
      // at once, where the old one would first wait out its reconnect pause. After the ZooKeeper
      // leader's restart, that pause was most of the gap before a rollout's first broker step
      // (docs/benchmarks.md). Closing the old one waits for that same pause, so not on our time.
      ZooKeeperReader stale = zooKeeper;
      zooKeeper = null;
      Thread closer = new Thread(stale::close, "steward-zookeeper-close");
      closer.setDaemon(true);
      closer.start();
    }
    if (zooKeeper == null) {
      requireOpen();
      zooKeeper = ZooKeeperReader.connect(inventory.zookeeperConnect(), CONNECT_TIMEOUT);
    }
    return zooKeeper;
  }

  private void closeZooKeeper() {
    if (zooKeeper != null) {
      zooKeeper.close();
      zooKeeper = null;
    }
  }

  /**
   * Opens in the background what a rollout's first decisions need: the agents' channels (the
   * ensemble snapshot and a service status), an Admin client with its metadata and the ZooKeeper
   * client. Cold, the first ZooKeeper decision and the first broker decision each paid for them
   * (docs/benchmarks.md); warm, they overlap with what the command does before its rollout, taking
   * the lock and the ZooKeeper roll. Nothing is decided from what the warm-up sees, and its errors
   * are dropped: the decision that needs the connection meets them itself. Only the first call
   * starts one: a command that warms up early leaves its rollout nothing to open.
   *
   * @param kafkaToo also the Admin client and the ZooKeeper client, when the first decision is a
   *     broker's; otherwise the rollout opens them while the first ZooKeeper node restarts, and
   *     opening them now would only take CPU from the first decision (docs/benchmarks.md)
   */
  public void warmUpInBackground(boolean kafkaToo) {
    if (!warmUpStarted.compareAndSet(false, true)) {
      return;
    }
    Thread warmUp = new Thread(() -> {
      try {
        ensemble();
        // the call made right before each stop (is another node down?): its first one loads its classes
        fleet.readEach(kafkaToo ? inventory.brokerHosts() : inventory.zookeeperHosts(), agent -> agent.serviceStatus(
            kafkaToo ? ServiceName.SERVICE_NAME_KAFKA : ServiceName.SERVICE_NAME_ZOOKEEPER));
        if (kafkaToo && !closed) {
          kafkaSnapshot();
        }
        if (kafkaToo && !closed) {
          registeredBrokers();
        }
      } catch (ProbeException | RuntimeException e) {
        // see above: the decisions report what is wrong
      }
    }, "steward-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  @Override
  public void close() {
    closed = true;
    synchronized (zooKeeperLock) {
      closeZooKeeper();
    }
    resetKafka();
  }

  /** After {@link #close}, a late warm-up must not open a client nobody closes. */
  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the cluster's clients are closed");
    }
  }
}
