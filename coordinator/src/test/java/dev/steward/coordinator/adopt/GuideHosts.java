package dev.steward.coordinator.adopt;

import dev.steward.agent.v1.InspectInstallationResponse;
import dev.steward.agent.v1.InspectedDirectory;
import dev.steward.agent.v1.InspectedFile;
import dev.steward.agent.v1.InspectedUnit;
import dev.steward.agent.v1.ServiceActiveState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the agents answer on the guide's three hand-built nodes (the guide's files, verbatim, in
 * test resources), with ways to change one detail per scenario.
 */
public final class GuideHosts {

  public static final String[] NAMES = {"cpu-node1", "cpu-node2", "worker-node3"};
  public static final String[] ADDRESSES = {"192.168.1.184", "192.168.1.187", "192.168.1.190"};

  private GuideHosts() {
  }

  public static String resource(String name) {
    try (InputStream in = GuideHosts.class.getResourceAsStream("/adopt/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String serverProperties(int node) {
    return resource("node" + node + "-server.properties");
  }

  public static InspectInstallationResponse.Builder node(int node) {
    return InspectInstallationResponse.newBuilder()
        .setHostRoot("/")
        .setAgentUser("root")
        .setKafkaHome("/opt/kafka")
        .setKafkaHomeExists(true)
        .setKafkaHomeOwner("kafka")
        .setKafkaHomeGroup("kafka")
        .addKafkaJars("kafka_2.13-3.9.1.jar")
        .setServerProperties(file("/opt/kafka/config/server.properties", serverProperties(node)))
        .setZookeeperProperties(file("/opt/kafka/config/zookeeper.properties", resource("zookeeper.properties")))
        .setMyid(file("/var/lib/zookeeper/myid", resource("node" + node + "-myid")))
        .addDataDirectories(InspectedDirectory.newBuilder().setKey("dataDir").setPath("/var/lib/zookeeper")
            .setExists(true))
        .addDataDirectories(InspectedDirectory.newBuilder().setKey("log.dirs").setPath("/var/lib/kafka/logs")
            .setExists(true))
        .setSystemd(true)
        .addUnits(unit("zookeeper.service", resource("zookeeper.service"), 1000 + node))
        .addUnits(unit("kafka.service", resource("kafka.service"), 2000 + node));
  }

  /** Node {@code node} of the guide with its addresses moved to {@code prefix}.1-3 (agents on loopback). */
  public static InspectInstallationResponse.Builder onAddresses(int node, String prefix) {
    InspectInstallationResponse.Builder answer = node(node);
    UnaryOperator<String> move = text -> text.replace("192.168.1.184", prefix + "1")
        .replace("192.168.1.187", prefix + "2").replace("192.168.1.190", prefix + "3");
    answer.setServerProperties(answer.getServerProperties().toBuilder()
        .setContent(move.apply(answer.getServerProperties().getContent())));
    answer.setZookeeperProperties(answer.getZookeeperProperties().toBuilder()
        .setContent(move.apply(answer.getZookeeperProperties().getContent())));
    return answer;
  }

  public static InspectedFile file(String path, String content) {
    return InspectedFile.newBuilder().setPath(path).setExists(true).setContent(content).build();
  }

  public static InspectedUnit unit(String name, String content, long pid) {
    return InspectedUnit.newBuilder().setName(name).setFile(file("/etc/systemd/system/" + name, content))
        .setActiveState(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE).setMainPid(pid).build();
  }

  /** The three nodes as the guide leaves them. */
  public static List<InspectedHost> guide() {
    return guide(1, b -> b);
  }

  /** The three nodes, with {@code change} applied to node {@code which} (0: to every node). */
  public static List<InspectedHost> guide(int which, UnaryOperator<InspectInstallationResponse.Builder> change) {
    List<InspectedHost> hosts = new ArrayList<>();
    for (int node = 1; node <= 3; node++) {
      InspectInstallationResponse.Builder answer = node(node);
      if (which == 0 || which == node) {
        answer = change.apply(answer);
      }
      hosts.add(new InspectedHost(NAMES[node - 1], ADDRESSES[node - 1], answer.build()));
    }
    return hosts;
  }

  public static List<InspectedHost> everyNode(UnaryOperator<InspectInstallationResponse.Builder> change) {
    return guide(0, change);
  }

  public static InspectInstallationResponse.Builder withServerProperties(InspectInstallationResponse.Builder node,
      UnaryOperator<String> edit) {
    InspectedFile file = node.getServerProperties();
    return node.setServerProperties(file.toBuilder().setContent(edit.apply(file.getContent())));
  }
}
