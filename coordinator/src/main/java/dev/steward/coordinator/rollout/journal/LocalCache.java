package dev.steward.coordinator.rollout.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.coordinator.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * This machine's copy of a cluster's journal: {@code <rollouts root>/<cluster name>-<cluster id>},
 * keyed by the ensemble's identity so two clusters with one name never share a directory. A
 * {@code cluster.json} in it records which ensemble it copies, for reading it back when that
 * ensemble does not answer (and its id cannot be asked).
 */
final class LocalCache {

  private static final String MARKER = "cluster.json";

  private final Path rolloutsRoot;
  private final String cluster;
  private final String connectString;

  LocalCache(Path rolloutsRoot, String cluster, String connectString) {
    this.rolloutsRoot = rolloutsRoot;
    this.cluster = cluster;
    this.connectString = connectString;
  }

  /** The cache of the cluster with this id, marked with what it copies. */
  LocalRolloutJournal forClusterId(String clusterId) throws IOException {
    Path dir = rolloutsRoot.resolve(cluster + "-" + clusterId);
    Files.createDirectories(dir);
    // `rollout status` finds this copy by its marker: a torn one would hide it
    byte[] marker = JournalRecord.JSON.writeValueAsBytes(
        Map.of("cluster", cluster, "clusterId", clusterId, "zookeeperConnect", connectString));
    DurableFiles.write(dir.resolve(MARKER), marker, DurableFiles.Mode.DEFAULT);
    return new LocalRolloutJournal(dir);
  }

  /** The most recently written cache of a cluster with this name and connect string, if any. */
  Optional<LocalRolloutJournal> newest() throws IOException {
    if (!Files.isDirectory(rolloutsRoot)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(rolloutsRoot)) {
      return dirs.filter(dir -> dir.getFileName().toString().startsWith(cluster + "-"))
          .filter(this::copiesThisEnsemble)
          .max(Comparator.comparingLong(LocalCache::lastWritten))
          .map(LocalRolloutJournal::new);
    }
  }

  private boolean copiesThisEnsemble(Path dir) {
    try {
      JsonNode marker = JournalRecord.JSON.readTree(dir.resolve(MARKER).toFile());
      return cluster.equals(marker.path("cluster").asText())
          && connectString.equals(marker.path("zookeeperConnect").asText());
    } catch (IOException e) {
      return false;
    }
  }

  private static long lastWritten(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.mapToLong(file -> file.toFile().lastModified()).max().orElse(0);
    } catch (IOException e) {
      return 0;
    }
  }
}
