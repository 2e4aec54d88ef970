package dev.steward.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * This machine's copy of a cluster's rollout journal: {@code <state>/rollouts/<cluster>-<cluster id>/current.json}
 * (the journal itself lives in the cluster's ZooKeeper; every save is copied here). The cluster id
 * is only known once the cluster runs, so the directory is looked up on every call.
 */
final class LocalJournal {

  private LocalJournal() {
  }

  static Path current(Path stateDir, String cluster) {
    Path rollouts = stateDir.resolve("rollouts");
    if (Files.isDirectory(rollouts)) {
      try (Stream<Path> dirs = Files.list(rollouts)) {
        Path found = dirs.filter(d -> d.getFileName().toString().startsWith(cluster + "-"))
            .map(d -> d.resolve("current.json")).filter(Files::exists).findFirst().orElse(null);
        if (found != null) {
          return found;
        }
      } catch (IOException e) {
        // being written: the next poll sees it
      }
    }
    return rollouts.resolve(cluster + "-unknown").resolve("current.json");
  }
}
