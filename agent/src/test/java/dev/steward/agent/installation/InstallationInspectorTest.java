package dev.steward.agent.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.v1.InspectInstallationRequest;
import dev.steward.agent.v1.InspectInstallationResponse;
import dev.steward.agent.v1.InspectedDirectory;
import dev.steward.agent.v1.InspectedUnit;
import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host root laid out as the guide's node 1 (paths in the files pointing into the root, as the sandbox does). */
class InstallationInspectorTest {

  @TempDir
  Path root;

  private String serverProperties;
  private String zookeeperProperties;

  @BeforeEach
  void layOutTheGuidesNode1() throws IOException {
    serverProperties = resource("node1-server.properties").replace("/var/lib", root + "/var/lib");
    zookeeperProperties = resource("zookeeper.properties").replace("/var/lib", root + "/var/lib");
    write("opt/kafka/config/server.properties", serverProperties);
    write("opt/kafka/config/zookeeper.properties", zookeeperProperties);
    write("opt/kafka/libs/kafka_2.13-3.9.1.jar", "jar");
    write("opt/kafka/libs/kafka-clients-3.9.1.jar", "jar");
    write("var/lib/zookeeper/myid", "1\n");
    Files.createDirectories(root.resolve("var/lib/kafka/logs"));
    write("etc/systemd/system/zookeeper.service", resource("zookeeper.service"));
    write("etc/systemd/system/kafka.service", resource("kafka.service"));
  }

  private InspectInstallationResponse inspect(InspectInstallationRequest request) throws Exception {
    return new InstallationInspector(new HostRoot(root), UnitStates.NONE).inspect(request);
  }

  @Test
  void theGuidesNodeIsReportedRaw() throws Exception {
    InspectInstallationResponse found = inspect(InspectInstallationRequest.getDefaultInstance());

    assertThat(found.getHostRoot()).isEqualTo(root.toString());
    assertThat(found.getKafkaHome()).isEqualTo("/opt/kafka");
    assertThat(found.getKafkaHomeExists()).isTrue();
    assertThat(found.getKafkaHomeIsLink()).as("the guide moves the directory to /opt/kafka").isFalse();
    assertThat(found.getKafkaJarsList()).as("only the core jar names the version").containsExactly("kafka_2.13-3.9.1.jar");
    assertThat(found.getServerProperties().getContent()).isEqualTo(serverProperties);
    assertThat(found.getZookeeperProperties().getContent()).isEqualTo(zookeeperProperties);
    assertThat(found.getMyid().getExists()).isTrue();
    assertThat(found.getMyid().getContent()).isEqualTo("1\n");
    assertThat(found.getDataDirectoriesList()).extracting(InspectedDirectory::getKey, InspectedDirectory::getExists)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("dataDir", true),
            org.assertj.core.groups.Tuple.tuple("log.dirs", true));
    assertThat(found.getUnitsList()).extracting(InspectedUnit::getName)
        .containsExactly("zookeeper.service", "kafka.service");
    assertThat(found.getUnits(1).getFile().getContent()).contains("Type=forking").contains("-daemon");
    assertThat(found.getSystemd()).isFalse();
  }

  @Test
  void twoKafkaVersionsAreBothReported() throws Exception {
    write("opt/kafka/libs/kafka_2.13-3.8.0.jar", "jar");
    assertThat(inspect(InspectInstallationRequest.getDefaultInstance()).getKafkaJarsList())
        .containsExactly("kafka_2.13-3.8.0.jar", "kafka_2.13-3.9.1.jar");
  }

  @Test
  void aHostWithoutKafkaSaysSoAndReadsNothing() throws Exception {
    deleteTree(root.resolve("opt"));
    InspectInstallationResponse found = inspect(InspectInstallationRequest.getDefaultInstance());
    assertThat(found.getKafkaHomeExists()).isFalse();
    assertThat(found.getKafkaJarsList()).isEmpty();
    assertThat(found.getServerProperties().getExists()).isFalse();
    assertThat(found.getZookeeperProperties().getExists()).isFalse();
    assertThat(found.hasMyid()).isFalse();
  }

  @Test
  void missingMyidAndDataDirectoriesAreReportedAsMissing() throws Exception {
    Files.delete(root.resolve("var/lib/zookeeper/myid"));
    Files.delete(root.resolve("var/lib/kafka/logs"));
    InspectInstallationResponse found = inspect(InspectInstallationRequest.getDefaultInstance());
    assertThat(found.getMyid().getExists()).isFalse();
    assertThat(found.getMyid().getPath()).isEqualTo(root + "/var/lib/zookeeper/myid");
    assertThat(found.getDataDirectoriesList()).filteredOn(d -> d.getKey().equals("log.dirs"))
        .singleElement().satisfies(d -> assertThat(d.getExists()).isFalse());
  }

  @Test
  void aKafkaHomeThatIsALinkNamesItsTarget() throws Exception {
    Files.move(root.resolve("opt/kafka"), root.resolve("opt/kafka_2.13-3.9.1"));
    Files.createSymbolicLink(root.resolve("opt/kafka"), Path.of("kafka_2.13-3.9.1"));
    InspectInstallationResponse found = inspect(InspectInstallationRequest.getDefaultInstance());
    assertThat(found.getKafkaHomeIsLink()).isTrue();
    assertThat(found.getKafkaHomeLinkTarget()).isEqualTo("kafka_2.13-3.9.1");
    assertThat(found.getKafkaJarsList()).containsExactly("kafka_2.13-3.9.1.jar");
  }

  @Test
  void otherConfigurationFilesMayBeNamedButOnlyPropertiesFiles() throws Exception {
    write("etc/kafka/broker.properties", "broker.id=7\n");
    InspectInstallationResponse found = inspect(InspectInstallationRequest.newBuilder()
        .setServerProperties("/etc/kafka/broker.properties").build());
    assertThat(found.getServerProperties().getContent()).isEqualTo("broker.id=7\n");

    assertThatThrownBy(() -> inspect(InspectInstallationRequest.newBuilder()
        .setServerProperties("/etc/shadow").build()))
        .isInstanceOf(PathRejectedException.class).hasMessageContaining("not a .properties file");
    assertThatThrownBy(() -> inspect(InspectInstallationRequest.newBuilder()
        .setZookeeperProperties("/opt/kafka/../../etc/x.properties").build()))
        .isInstanceOf(PathRejectedException.class).hasMessageContaining("'..'");
    assertThatThrownBy(() -> inspect(InspectInstallationRequest.newBuilder().setKafkaHome("/").build()))
        .isInstanceOf(PathRejectedException.class).hasMessageContaining("kafka_home");
  }

  @Test
  void aLinkOutOfTheHostRootIsRefused(@TempDir Path elsewhere) throws Exception {
    Files.writeString(elsewhere.resolve("secret.properties"), "password=x\n");
    Files.createSymbolicLink(root.resolve("opt/kafka/config/linked.properties"), elsewhere.resolve("secret.properties"));
    assertThatThrownBy(() -> inspect(InspectInstallationRequest.newBuilder()
        .setServerProperties("/opt/kafka/config/linked.properties").build()))
        .isInstanceOf(PathRejectedException.class).hasMessageContaining("outside the host root");
  }

  @Test
  void pathsInsideTheFilesOutsideTheHostRootAreNotRead() throws Exception {
    // the guide's own file names /var/lib/zookeeper, which is outside this temporary host root
    write("opt/kafka/config/zookeeper.properties", resource("zookeeper.properties"));
    InspectInstallationResponse found = inspect(InspectInstallationRequest.getDefaultInstance());
    assertThat(found.getMyid().getExists()).isFalse();
    assertThat(found.getMyid().getContent()).isEmpty();
    assertThat(found.getMyid().getProblem()).contains("not an absolute path under the host root");
    assertThat(found.getDataDirectories(0).getProblem()).contains("under the host root");
  }

  @Test
  void anOversizedFileIsNotRead() throws Exception {
    write("opt/kafka/config/server.properties", "a=" + "x".repeat(InstallationInspector.MAX_FILE_BYTES));
    InspectInstallationResponse found = inspect(InspectInstallationRequest.getDefaultInstance());
    assertThat(found.getServerProperties().getContent()).isEmpty();
    assertThat(found.getServerProperties().getProblem()).contains("larger than");
  }

  @Test
  void systemdStatesComeWithTheUnitsWhenSystemdRunsTheServices() throws Exception {
    UnitStates systemd = service -> Optional.of(ServiceStatus.newBuilder().setService(service)
        .setActiveState(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE)
        .setMainPid(service == ServiceName.SERVICE_NAME_KAFKA ? 4242 : 4141).build());
    InspectInstallationResponse found = new InstallationInspector(new HostRoot(root), systemd)
        .inspect(InspectInstallationRequest.getDefaultInstance());
    assertThat(found.getSystemd()).isTrue();
    assertThat(found.getUnits(0).getMainPid()).isEqualTo(4141);
    assertThat(found.getUnits(1).getMainPid()).isEqualTo(4242);
    assertThat(found.getUnits(1).getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE);
  }

  @Test
  void inspectingChangesNothing() throws Exception {
    String before = listing();
    inspect(InspectInstallationRequest.getDefaultInstance());
    assertThat(listing()).isEqualTo(before);
  }

  private String listing() throws IOException {
    StringBuilder out = new StringBuilder();
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted().toList()) {
        out.append(root.relativize(path)).append(' ')
            .append(Files.isRegularFile(path) ? Files.readString(path).hashCode() + "@"
                + Files.getLastModifiedTime(path).toMillis() : "dir").append('\n');
      }
    }
    return out.toString();
  }

  private void write(String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = InstallationInspectorTest.class.getResourceAsStream("/adopt/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
