package dev.steward.agent.facts;

import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.v1.PathSpace;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free space for a path that may not exist yet (a data dir before the first apply): the file
 * store of its nearest existing ancestor, with links resolved, is the one the data will
 * land on.
 */
public final class FileStoreProbe {

  private final HostRoot hostRoot;

  public FileStoreProbe(HostRoot hostRoot) {
    this.hostRoot = hostRoot;
  }

  public PathSpace measure(String logicalPath) throws PathRejectedException, IOException {
    return measure("path", logicalPath);
  }

  /** @param field the request field, named in a refusal (e.g. "paths[2]") */
  public PathSpace measure(String field, String logicalPath) throws PathRejectedException, IOException {
    Path inside = hostRoot.resolve(field, logicalPath);
    Path existing = inside;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new IOException("no existing ancestor of " + logicalPath);
    }
    Path measured = existing.toRealPath();
    FileStore store = Files.getFileStore(measured);
    return PathSpace.newBuilder()
        .setPath(logicalPath)
        .setMeasuredPath(measured.toString())
        .setMountPoint(mountPointOf(store))
        .setFileSystem(store.type())
        .setUsableBytes(store.getUsableSpace())
        .setTotalBytes(store.getTotalSpace())
        .build();
  }

  /**
   * The JDK has no accessor for a store's mount point, but on Unix its toString() is
   * {@code "<mount point> (<device>)"}.
   */
  static String mountPointOf(FileStore store) {
    String text = store.toString();
    int device = text.lastIndexOf(" (");
    return device > 0 ? text.substring(0, device) : text;
  }
}
