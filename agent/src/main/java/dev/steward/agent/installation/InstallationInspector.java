package dev.steward.agent.installation;

import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.v1.InspectInstallationRequest;
import dev.steward.agent.v1.InspectInstallationResponse;
import dev.steward.agent.v1.InspectedDirectory;
import dev.steward.agent.v1.InspectedFile;
import dev.steward.agent.v1.InspectedUnit;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads what a hand-built installation of the guide left on this host, raw: the Kafka
 * installation's jar names and owner, server.properties and zookeeper.properties, the myid and data
 * directories those files name, and the guide's two systemd units. It changes nothing and reads
 * nothing else: the request may only move the installation and name other {@code .properties}
 * files, every path goes through the host root, and the paths found inside the files (real paths)
 * must lie under it too.
 */
public final class InstallationInspector {

  public static final String DEFAULT_KAFKA_HOME = "/opt/kafka";
  static final String UNIT_DIR = "/etc/systemd/system";
  /** A configuration file or unit is a few kilobytes; more is not one of the guide's files. */
  static final int MAX_FILE_BYTES = 1 << 20;
  /** myid holds a number from 1 to 255 and a newline. */
  static final int MAX_MYID_BYTES = 64;
  /** A distribution holds one kafka_*.jar; a directory with more than this is not a distribution. */
  static final int MAX_JARS = 64;

  private final HostRoot hostRoot;
  private final UnitStates units;

  public InstallationInspector(HostRoot hostRoot, UnitStates units) {
    this.hostRoot = hostRoot;
    this.units = units;
  }

  /** @throws PathRejectedException when the request names a path the agent does not read */
  public InspectInstallationResponse inspect(InspectInstallationRequest request) throws PathRejectedException {
    String kafkaHome = request.getKafkaHome().isEmpty() ? DEFAULT_KAFKA_HOME : request.getKafkaHome();
    if (kafkaHome.equals("/")) {
      throw new PathRejectedException("kafka_home may not be / : give the Kafka installation, e.g. "
          + DEFAULT_KAFKA_HOME);
    }
    String serverProperties = configFile("server_properties", request.getServerProperties(), kafkaHome,
        "server.properties");
    String zookeeperProperties = configFile("zookeeper_properties", request.getZookeeperProperties(), kafkaHome,
        "zookeeper.properties");
    Path home = hostRoot.resolve("kafka_home", kafkaHome);

    InspectInstallationResponse.Builder response = InspectInstallationResponse.newBuilder()
        .setHostRoot(hostRoot.path().toString())
        .setAgentUser(System.getProperty("user.name", ""))
        .setKafkaHome(kafkaHome)
        .setKafkaHomeExists(Files.isDirectory(home));
    describeHome(home, response);
    InspectedFile server = readFile(serverProperties, hostRoot.resolve("server_properties", serverProperties),
        MAX_FILE_BYTES);
    InspectedFile zookeeper = readFile(zookeeperProperties,
        hostRoot.resolve("zookeeper_properties", zookeeperProperties), MAX_FILE_BYTES);
    response.setServerProperties(server).setZookeeperProperties(zookeeper);

    Optional<String> dataDir = property(zookeeper, "dataDir");
    if (dataDir.isPresent()) {
      response.addDataDirectories(directory("dataDir", dataDir.get()));
      response.setMyid(namedFile(dataDir.get().endsWith("/") ? dataDir.get() + "myid" : dataDir.get() + "/myid",
          MAX_MYID_BYTES));
    }
    Optional<String> logDirs = property(server, "log.dirs").or(() -> property(server, "log.dir"));
    logDirs.ifPresent(dirs -> {
      for (String dir : dirs.split(",")) {
        if (!dir.isBlank()) {
          response.addDataDirectories(directory("log.dirs", dir.strip()));
        }
      }
    });

    Optional<ServiceStatus> anyState = units.of(ServiceName.SERVICE_NAME_ZOOKEEPER);
    response.setSystemd(anyState.isPresent());
    for (ServiceName service : List.of(ServiceName.SERVICE_NAME_ZOOKEEPER, ServiceName.SERVICE_NAME_KAFKA)) {
      response.addUnits(unit(service));
    }
    return response.build();
  }

  private InspectedUnit unit(ServiceName service) throws PathRejectedException {
    String name = (service == ServiceName.SERVICE_NAME_ZOOKEEPER ? "zookeeper" : "kafka") + ".service";
    String logical = UNIT_DIR + "/" + name;
    InspectedUnit.Builder unit = InspectedUnit.newBuilder()
        .setName(name)
        .setFile(readFile(logical, hostRoot.resolve("unit", logical), MAX_FILE_BYTES));
    units.of(service).ifPresent(status -> unit.setActiveState(status.getActiveState())
        .setMainPid(status.getMainPid()));
    return unit.build();
  }

  /** The configuration file asked for, or the guide's beside the installation; only .properties files. */
  private static String configFile(String field, String requested, String kafkaHome, String guideName)
      throws PathRejectedException {
    if (requested.isEmpty()) {
      return kafkaHome + "/config/" + guideName;
    }
    if (!requested.endsWith(".properties")) {
      throw new PathRejectedException(field + " '" + requested + "' is not a .properties file: the agent reads "
          + "only the services' configuration files here");
    }
    return requested;
  }

  private void describeHome(Path home, InspectInstallationResponse.Builder response) {
    try {
      if (Files.isSymbolicLink(home)) {
        response.setKafkaHomeIsLink(true).setKafkaHomeLinkTarget(Files.readSymbolicLink(home).toString());
      }
      if (!Files.isDirectory(home)) {
        return;
      }
      PosixFileAttributes attributes = Files.readAttributes(home, PosixFileAttributes.class);
      response.setKafkaHomeOwner(attributes.owner().getName()).setKafkaHomeGroup(attributes.group().getName());
      Path libs = home.resolve("libs");
      if (!Files.isDirectory(libs)) {
        return;
      }
      List<String> jars = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(libs, "kafka_*.jar")) {
        for (Path entry : entries) {
          if (jars.size() == MAX_JARS) {
            break;
          }
          jars.add(entry.getFileName().toString());
        }
      }
      jars.sort(null);
      response.addAllKafkaJars(jars);
    } catch (IOException | UnsupportedOperationException e) {
      // what could be read is reported; the coordinator refuses an installation without a version
    }
  }

  /**
   * A file named inside a configuration file: a real path, which must lie under the host root (a
   * sandbox host's files name paths in its own directory).
   */
  private InspectedFile namedFile(String realPath, int maxBytes) {
    InspectedFile.Builder file = InspectedFile.newBuilder().setPath(realPath);
    Optional<String> logical = logical(realPath);
    if (logical.isEmpty()) {
      return file.setProblem(outsideRoot(realPath)).build();
    }
    try {
      return readFile(realPath, hostRoot.resolve("path", logical.get()), maxBytes);
    } catch (PathRejectedException e) {
      return file.setProblem(e.getMessage()).build();
    }
  }

  private InspectedDirectory directory(String key, String realPath) {
    InspectedDirectory.Builder directory = InspectedDirectory.newBuilder().setKey(key).setPath(realPath);
    Optional<String> logical = logical(realPath);
    if (logical.isEmpty()) {
      return directory.setProblem(outsideRoot(realPath)).build();
    }
    try {
      return directory.setExists(Files.isDirectory(hostRoot.resolve(key, logical.get()))).build();
    } catch (PathRejectedException e) {
      return directory.setProblem(e.getMessage()).build();
    }
  }

  /** The logical path of a real one under the host root; empty when it lies outside (or is not absolute). */
  Optional<String> logical(String realPath) {
    Path path;
    try {
      path = Path.of(realPath);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (!path.isAbsolute()) {
      return Optional.empty();
    }
    Path root = hostRoot.path();
    Path normalized = path.normalize();
    if (!normalized.startsWith(root)) {
      return Optional.empty();
    }
    return Optional.of("/" + root.relativize(normalized).toString());
  }

  private String outsideRoot(String realPath) {
    return "'" + realPath + "' is not an absolute path under the host root " + hostRoot.path()
        + ": the agent reads nothing outside it";
  }

  private static InspectedFile readFile(String shownPath, Path resolved, int maxBytes) {
    InspectedFile.Builder file = InspectedFile.newBuilder().setPath(shownPath);
    if (!Files.exists(resolved)) {
      return file.build();
    }
    file.setExists(true);
    if (!Files.isRegularFile(resolved)) {
      return file.setProblem("not a regular file").build();
    }
    try (InputStream in = Files.newInputStream(resolved)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        return file.setProblem("larger than " + maxBytes + " bytes: not one of the guide's files").build();
      }
      // ZooKeeper and Kafka read their files as ISO-8859-1 (java.util.Properties)
      return file.setContent(new String(bytes, StandardCharsets.ISO_8859_1)).build();
    } catch (IOException e) {
      return file.setProblem("cannot be read: " + e.getMessage()).build();
    }
  }

  /** One key of a properties file as the service reads it; empty when absent, blank or unreadable. */
  static Optional<String> property(InspectedFile file, String key) {
    if (!file.getExists() || !file.getProblem().isEmpty()) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(file.getContent()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    String value = properties.getProperty(key, "").strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
