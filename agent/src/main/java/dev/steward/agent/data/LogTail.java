package dev.steward.agent.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How much of a ZooKeeper transaction log holds records. ZooKeeper grows its logs in 64 MiB
 * steps of zeros and reads a zero where a record's length would be as the end of the log; every
 * record ends with a non-zero end-of-record byte. Everything after the last non-zero byte is
 * therefore padding, and a copy without it reads back the same transactions.
 */
final class LogTail {

  private static final int BLOCK = 64 * 1024;

  private LogTail() {
  }

  /** The length up to and including the last non-zero byte (0 for an all-zero file). */
  static long usefulLength(Path log) throws IOException {
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      ByteBuffer block = ByteBuffer.allocate(BLOCK);
      long end = channel.size();
      while (end > 0) {
        long start = Math.max(0, end - BLOCK);
        block.clear().limit((int) (end - start));
        int read = 0;
        while (block.hasRemaining()) {
          int n = channel.read(block, start + read);
          if (n < 0) {
            break;
          }
          read += n;
        }
        for (int i = read - 1; i >= 0; i--) {
          if (block.get(i) != 0) {
            return start + i + 1;
          }
        }
        end = start;
      }
      return 0;
    }
  }
}
