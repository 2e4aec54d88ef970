package dev.steward.agent.data;

import dev.steward.common.service.ZooKeeperDataFiles;
import dev.steward.agent.journal.OperationException;
import dev.steward.agent.service.ServiceController;
import dev.steward.agent.v1.DataFile;
import dev.steward.agent.v1.DescribeDataResponse;
import dev.steward.agent.v1.KafkaData;
import dev.steward.agent.v1.KafkaLogDir;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ZooKeeperData;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What this host's services keep on disk, described for backups and for a restore's checks. */
public final class ServiceData {

  private static final Pattern ZOOKEEPER_JAR = Pattern.compile("zookeeper-(\\d+\\.\\d+\\.\\d+)\\.jar");

  private final ServiceDataDirs dirs;
  private final ServiceController services;

  public ServiceData(ServiceDataDirs dirs, ServiceController services) {
    this.dirs = dirs;
    this.services = services;
  }

  public ServiceDataDirs dirs() {
    return dirs;
  }

  public DescribeDataResponse describe() throws OperationException {
    return DescribeDataResponse.newBuilder().setZookeeper(zooKeeper()).setKafka(kafka()).build();
  }

  private ZooKeeperData zooKeeper() throws OperationException {
    Optional<ServiceDataDirs.ZooKeeperDirs> found = dirs.zooKeeper();
    if (found.isEmpty()) {
      return ZooKeeperData.getDefaultInstance();
    }
    ServiceDataDirs.ZooKeeperDirs zk = found.get();
    ZooKeeperData.Builder data = ZooKeeperData.newBuilder().setDefined(true)
        .setDataDir(zk.dataDir().toString()).setDataLogDir(zk.dataLogDir().toString())
        .setMyid(myId(zk.myIdFile()))
        .setActiveState(services.status(ServiceName.SERVICE_NAME_ZOOKEEPER).getActiveState());
    installedVersion(zk.installDir()).ifPresent(data::setInstalledVersion);
    try {
      for (ZooKeeperDataFiles.DataFileName file : listed(zk)) {
        data.addFiles(DataFile.newBuilder().setName(file.name()).setSize(Files.size(locate(zk, file))));
      }
    } catch (IOException e) {
      throw new OperationException(OperationException.Reason.INTERNAL, "listing " + zk.snapshotDir() + ": " + e);
    }
    return data.build();
  }

  private KafkaData kafka() throws OperationException {
    Optional<List<Path>> logDirs = dirs.kafkaLogDirs();
    if (logDirs.isEmpty()) {
      return KafkaData.getDefaultInstance();
    }
    KafkaData.Builder data = KafkaData.newBuilder().setDefined(true)
        .setActiveState(services.status(ServiceName.SERVICE_NAME_KAFKA).getActiveState());
    for (Path dir : logDirs.get()) {
      KafkaLogDir.Builder logDir = KafkaLogDir.newBuilder().setPath(dir.toString());
      Path meta = dir.resolve("meta.properties");
      if (Files.isRegularFile(meta)) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
          properties.load(reader);
        } catch (IOException e) {
          throw new OperationException(OperationException.Reason.INTERNAL, "reading " + meta + ": " + e);
        }
        String clusterId = properties.getProperty("cluster.id", "").trim();
        logDir.setHasMeta(!clusterId.isEmpty()).setClusterId(clusterId);
        try {
          logDir.setBrokerId(Integer.parseInt(properties.getProperty("broker.id", "-1").trim()));
        } catch (NumberFormatException e) {
          logDir.setBrokerId(-1);
        }
      }
      data.addLogDirs(logDir);
    }
    return data.build();
  }

  /** ZooKeeper's data files in both version-2 directories, oldest first. */
  List<ZooKeeperDataFiles.DataFileName> listed(ServiceDataDirs.ZooKeeperDirs zk) throws IOException {
    List<String> names = new java.util.ArrayList<>();
    for (Path dir : List.of(zk.snapshotDir(), zk.logDir()).stream().distinct().toList()) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          entries.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).forEach(names::add);
        }
      }
    }
    return ZooKeeperDataFiles.dataFiles(names);
  }

  /** Snapshots live under dataDir, logs under dataLogDir (the same place unless configured apart). */
  static Path locate(ServiceDataDirs.ZooKeeperDirs zk, ZooKeeperDataFiles.DataFileName file) {
    return (file.kind() == ZooKeeperDataFiles.Kind.SNAPSHOT ? zk.snapshotDir() : zk.logDir()).resolve(file.name());
  }

  private static int myId(Path file) {
    try {
      return Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** The ZooKeeper library the distribution ships; what a restore compares a backup's version with. */
  static Optional<String> installedVersion(Path installDir) {
    Path libs = installDir.resolve("libs");
    if (!Files.isDirectory(libs)) {
      return Optional.empty();
    }
    try (Stream<Path> jars = Files.list(libs)) {
      return jars.map(p -> ZOOKEEPER_JAR.matcher(p.getFileName().toString()))
          .filter(Matcher::matches).map(m -> m.group(1)).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
