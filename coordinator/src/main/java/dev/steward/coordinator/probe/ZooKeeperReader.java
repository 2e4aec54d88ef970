package dev.steward.coordinator.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Reads Kafka's registrations from ZooKeeper: which brokers are registered under
 * {@code /brokers/ids} and which one is the active controller ({@code /controller}).
 * A small read-only facade over the ZooKeeper client.
 */
public final class ZooKeeperReader implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZooKeeper zooKeeper;

  private ZooKeeperReader(ZooKeeper zooKeeper) {
    this.zooKeeper = zooKeeper;
  }

  /** Connects and waits for the session; throws if no node answers within {@code timeout}. */
  public static ZooKeeperReader connect(String connectString, Duration timeout) throws IOException {
    return new ZooKeeperReader(ZooKeeperSessions.connect(ZooKeeper::new, connectString, timeout));
  }

  /**
   * Whether the session is connected right now. A client that lost its server reconnects only
   * after a random pause of up to a second (ZooKeeper spreads its clients' reconnects out), which
   * a caller that holds nothing in the session can skip by opening a new one.
   */
  public boolean connected() {
    return zooKeeper.getState().isConnected();
  }

  public Set<Integer> registeredBrokers() throws IOException {
    try {
      List<String> children = zooKeeper.getChildren("/brokers/ids", false);
      Set<Integer> ids = new TreeSet<>();
      for (String child : children) {
        ids.add(Integer.parseInt(child));
      }
      return ids;
    } catch (KeeperException.NoNodeException e) {
      return Set.of();
    } catch (KeeperException e) {
      throw new IOException("reading /brokers/ids: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * The ZooKeeper transaction id that created a broker's registration, or empty when it is not
   * registered. A restarted broker registers anew, so a changed id proves the registration is
   * the new process's and not the old session's, which can outlive a killed broker.
   */
  public java.util.OptionalLong registrationId(int brokerId) throws IOException {
    try {
      org.apache.zookeeper.data.Stat stat = zooKeeper.exists("/brokers/ids/" + brokerId, false);
      return stat == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(stat.getCzxid());
    } catch (KeeperException e) {
      throw new IOException("reading /brokers/ids/" + brokerId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** When ZooKeeper created the broker's registration (its clock, epoch millis), if registered. */
  public java.util.OptionalLong registrationTime(int brokerId) throws IOException {
    try {
      org.apache.zookeeper.data.Stat stat = zooKeeper.exists("/brokers/ids/" + brokerId, false);
      return stat == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(stat.getCtime());
    } catch (KeeperException e) {
      throw new IOException("reading /brokers/ids/" + brokerId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public OptionalInt controller() throws IOException {
    try {
      byte[] data = zooKeeper.getData("/controller", false, null);
      JsonNode node = JSON.readTree(new String(data, StandardCharsets.UTF_8));
      return node.hasNonNull("brokerid") ? OptionalInt.of(node.get("brokerid").asInt()) : OptionalInt.empty();
    } catch (KeeperException.NoNodeException e) {
      return OptionalInt.empty();
    } catch (KeeperException e) {
      throw new IOException("reading /controller: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    ZooKeeperSessions.closeQuietly(zooKeeper);
  }
}
