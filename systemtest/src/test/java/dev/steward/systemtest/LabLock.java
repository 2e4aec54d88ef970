package dev.steward.systemtest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The machine has one lab (its namespaces, bridge and host names are fixed), while failsafe runs
 * test classes in two JVMs at once: a lab class holds this lock from before its {@code lab.sh
 * down; up} until after its last {@code down}, so two lab classes never share or tear down each
 * other's hosts. An OS file lock, so a JVM that dies releases it with its file descriptors.
 */
final class LabLock implements AutoCloseable {

  private static final Path FILE = Path.of(System.getProperty("java.io.tmpdir"), "steward-lab.lock");

  private final FileChannel channel;
  private final FileLock lock;

  private LabLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Blocks until no other JVM on this machine holds the lab. */
  static LabLock acquire() throws IOException {
    FileChannel channel = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        long started = System.nanoTime();
        System.out.println("waiting for the lab: another test JVM holds " + FILE);
        lock = channel.lock();
        System.out.printf("got the lab after %.1f s%n", (System.nanoTime() - started) / 1e9);
      }
      return new LabLock(channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
