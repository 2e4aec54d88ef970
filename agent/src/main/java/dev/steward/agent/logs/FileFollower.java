package dev.steward.agent.logs;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the complete lines appended to a file, following rotation: when the name points at
 * another file (rename and recreate: {@code logrotate}'s default, log4j's rolling), the rest of the
 * old file is read first, then the new one from its start; when the file shrank (truncation:
 * {@code copytruncate}, or {@code >} in a shell), reading starts again at its start. A file that
 * does not exist yet is read from its start once it appears. Each {@link #poll} reads at most
 * {@link #CHUNK} bytes, so memory stays bounded whatever the writer does.
 */
final class FileFollower implements Closeable {

  static final int CHUNK = 256 * 1024;
  /** A line longer than this is cut into pieces. */
  static final int MAX_LINE = 64 * 1024;

  private final Path path;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private FileChannel channel;
  private Object fileKey;
  private long position;

  /** Starts at {@code offset} of the file there now (0 when there is none). */
  FileFollower(Path path, long offset) throws IOException {
    this.path = path;
    if (open()) {
      position = Math.min(offset, channel.size());
    }
  }

  long position() {
    return position;
  }

  /** The lines completed since the last poll; empty when nothing new was written. */
  List<String> poll() throws IOException {
    List<String> lines = new ArrayList<>();
    if (channel == null && !open()) {
      return lines;
    }
    if (channel.size() < position) {
      // truncated: the writer starts again at 0
      position = 0;
      partial.reset();
    }
    if (read(lines)) {
      return lines;
    }
    // at the end of the open file: has the name moved on to a new file?
    Object current = keyAt(path);
    if (!Objects.equals(current, fileKey)) {
      flushPartial(lines);
      close();
      if (current != null && open()) {
        position = 0;
        read(lines);
      }
    }
    return lines;
  }

  /** @return true when a whole chunk was read (there may be more) */
  private boolean read(List<String> lines) throws IOException {
    buffer.clear();
    int n = channel.read(buffer, position);
    if (n <= 0) {
      return false;
    }
    position += n;
    byte[] bytes = buffer.array();
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (bytes[i] == '\n') {
        partial.write(bytes, start, i - start);
        lines.add(takePartial());
        start = i + 1;
      } else if (partial.size() + (i - start) >= MAX_LINE) {
        partial.write(bytes, start, i - start);
        lines.add(takePartial());
        start = i;
      }
    }
    partial.write(bytes, start, n - start);
    return n == CHUNK;
  }

  /** The unfinished last line, if any (a reader that stops following, or a rotated file's tail). */
  void flushPartial(List<String> lines) {
    if (partial.size() > 0) {
      lines.add(takePartial());
    }
  }

  private String takePartial() {
    String line = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private boolean open() throws IOException {
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return false;
    }
    fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    return true;
  }

  private static Object keyAt(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The offset where the last {@code n} lines of a file start (a final line break ends the last
   * line; it does not start another).
   */
  static long tailOffset(Path path, int n) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long end = channel.size();
      if (end == 0 || n <= 0) {
        return end;
      }
      ByteBuffer block = ByteBuffer.allocate(64 * 1024);
      int breaks = 0;
      long pos = end;
      boolean last = true;
      while (pos > 0) {
        long start = Math.max(0, pos - block.capacity());
        block.clear().limit((int) (pos - start));
        int read = 0;
        while (block.hasRemaining()) {
          int r = channel.read(block, start + read);
          if (r < 0) {
            break;
          }
          read += r;
        }
        for (int i = read - 1; i >= 0; i--) {
          if (block.get(i) == '\n') {
            if (last && start + i == end - 1) {
              continue;
            }
            breaks++;
            if (breaks == n) {
              return start + i + 1;
            }
          }
        }
        last = false;
        pos = start;
      }
      return 0;
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
