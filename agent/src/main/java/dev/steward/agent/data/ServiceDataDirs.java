package dev.steward.agent.data;

import dev.steward.common.service.ZooKeeperDataFiles;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.journal.OperationException;
import dev.steward.agent.service.RealServiceDefinition;
import dev.steward.agent.service.ServiceController;
import dev.steward.agent.service.ServiceException;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the services defined on this host keep their data, read from the configuration files
 * they start with: what the running process uses, not what a caller claims. File contents carry
 * real paths, so no host-root mapping applies to them.
 */
public final class ServiceDataDirs {

  /** Kafka's default when a broker's configuration names no log directory. */
  private static final String KAFKA_DEFAULT_LOG_DIR = "/tmp/kafka-logs";

  /** ZooKeeper's directories and what it runs from. */
  public record ZooKeeperDirs(Path dataDir, Path dataLogDir, Path installDir) {

    public Path snapshotDir() {
      return dataDir.resolve(ZooKeeperDataFiles.VERSION_DIR);
    }

    public Path logDir() {
      return dataLogDir.resolve(ZooKeeperDataFiles.VERSION_DIR);
    }

    public Path myIdFile() {
      return dataDir.resolve("myid");
    }
  }

  private final ServiceController services;
  private final HostRoot hostRoot;

  public ServiceDataDirs(ServiceController services, HostRoot hostRoot) {
    this.services = services;
    this.hostRoot = hostRoot;
  }

  /** Empty when ZooKeeper is not defined on this host. */
  public Optional<ZooKeeperDirs> zooKeeper() throws OperationException {
    Optional<JvmLaunch> launch = realLaunch(ServiceName.SERVICE_NAME_ZOOKEEPER);
    if (launch.isEmpty()) {
      return Optional.empty();
    }
    Properties config = read(launch.get().getConfigFile());
    String dataDir = config.getProperty("dataDir", "").trim();
    if (dataDir.isEmpty()) {
      throw new OperationException(OperationException.Reason.FAILED_PRECONDITION, launch.get().getConfigFile()
          + " names no dataDir: ZooKeeper keeps its data nowhere Steward can find; run apply to rewrite it");
    }
    String dataLogDir = config.getProperty("dataLogDir", dataDir).trim();
    return Optional.of(new ZooKeeperDirs(Path.of(dataDir), Path.of(dataLogDir.isEmpty() ? dataDir : dataLogDir),
        Path.of(launch.get().getInstallDir())));
  }

  /** The broker's log directories (log.dirs, else log.dir, else Kafka's default); empty when Kafka is not defined. */
  public Optional<List<Path>> kafkaLogDirs() throws OperationException {
    Optional<JvmLaunch> launch = realLaunch(ServiceName.SERVICE_NAME_KAFKA);
    if (launch.isEmpty()) {
      return Optional.empty();
    }
    Properties config = read(launch.get().getConfigFile());
    String dirs = config.getProperty("log.dirs", config.getProperty("log.dir", KAFKA_DEFAULT_LOG_DIR));
    List<Path> paths = new ArrayList<>();
    for (String dir : dirs.split(",")) {
      if (!dir.isBlank()) {
        paths.add(Path.of(dir.trim()));
      }
    }
    return Optional.of(paths);
  }

  private Optional<JvmLaunch> realLaunch(ServiceName service) throws OperationException {
    Optional<ServiceResource> definition = services.definition(service);
    if (definition.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(RealServiceDefinition.of(hostRoot, definition.get()).getLaunch());
    } catch (ServiceException e) {
      throw new OperationException(OperationException.Reason.FAILED_PRECONDITION, e.getMessage());
    }
  }

  private static Properties read(String file) throws OperationException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new OperationException(OperationException.Reason.FAILED_PRECONDITION, "cannot read " + file + ": " + e
          + "; run apply to write the service's configuration");
    }
    return properties;
  }
}
