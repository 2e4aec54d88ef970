package dev.steward.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes a directory the coordinator made for its own use (a throwaway sandbox, the unpacked
 * copy of a backup) and everything in it. Never for anything of a cluster's: Steward deletes no
 * cluster data.
 */
public final class ScratchDirectories {

  private ScratchDirectories() {
  }

  /** Deepest first; nothing to do when it is already gone. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
