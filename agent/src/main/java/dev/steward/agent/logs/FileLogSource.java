package dev.steward.agent.logs;

import dev.steward.agent.v1.LogLine;
import dev.steward.agent.v1.ServiceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;

/**
 * A service's lines from a file the agent names itself (the supervisor's {@code <log_dir>/<service>.out}),
 * following rotation ({@link FileFollower}); new lines are looked for every {@link #POLL_MILLIS} ms.
 * Each line's time is its log4j timestamp, else the previous line's, else the file's modification
 * time (or the clock's, for a line that arrives while following).
 */
public final class FileLogSource implements LogSource {

  /** How the source finds the file of a service. */
  @FunctionalInterface
  public interface LogFiles {
    Path of(ServiceName service) throws IOException;
  }

  static final long POLL_MILLIS = 100;

  private final LogFiles files;
  private final Clock clock;
  private final ZoneId zone;

  public FileLogSource(LogFiles files, Clock clock) {
    this(files, clock, ZoneId.systemDefault());
  }

  FileLogSource(LogFiles files, Clock clock, ZoneId zone) {
    this.files = files;
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  public void read(ServiceName service, LogQuery query, LogStream stream) throws IOException, InterruptedException {
    readFile(files.of(service), query, stream);
  }

  /** The lines of one file the agent named itself (a service's, or the agent's own --log-file). */
  public void readFile(Path file, LogQuery query, LogStream stream) throws IOException, InterruptedException {
    long fileTime;
    long offset;
    long initialEnd = 0;
    try {
      initialEnd = Files.size(file);
      fileTime = Files.getLastModifiedTime(file).toMillis() * 1000;
      offset = query.sinceMicros() > 0 ? 0 : FileFollower.tailOffset(file, query.lines());
    } catch (NoSuchFileException e) {
      if (!query.follow()) {
        return;
      }
      fileTime = clock.millis() * 1000;
      offset = 0;
    }
    try (FileFollower follower = new FileFollower(file, offset)) {
      Stamper stamper = new Stamper(fileTime);
      // the lines there now: filtered by time, the last N kept
      Deque<LogLine> kept = new ArrayDeque<>();
      List<String> lines;
      while (follower.position() < initialEnd && !(lines = follower.poll()).isEmpty()) {
        for (String text : lines) {
          LogLine line = stamper.line(text);
          if (line.getUnixMicros() < query.sinceMicros()) {
            continue;
          }
          if (query.lines() > 0) {
            kept.addLast(line);
            if (kept.size() > query.lines()) {
              kept.removeFirst();
            }
          } else {
            stream.emit(line);
          }
        }
        if (stream.cancelled()) {
          throw new LogStream.CancelledException();
        }
      }
      if (!query.follow()) {
        List<String> rest = new java.util.ArrayList<>();
        follower.flushPartial(rest);
        for (String text : rest) {
          kept.addLast(stamper.line(text));
          if (query.lines() > 0 && kept.size() > query.lines()) {
            kept.removeFirst();
          }
        }
      }
      for (LogLine line : kept) {
        stream.emit(line);
      }
      if (!query.follow()) {
        return;
      }
      stamper.fallback = -1;
      while (!stream.cancelled()) {
        lines = follower.poll();
        for (String text : lines) {
          stream.emit(stamper.line(text));
        }
        if (lines.isEmpty()) {
          Thread.sleep(POLL_MILLIS);
        }
      }
      throw new LogStream.CancelledException();
    }
  }

  private final class Stamper {
    /** The time of a line without one: the previous line's, or (before any) this; -1: the clock. */
    long fallback;

    Stamper(long fileTime) {
      this.fallback = fileTime;
    }

    LogLine line(String text) {
      OptionalLong stamp = Log4jTimestamps.micros(text, zone);
      long micros;
      if (stamp.isPresent()) {
        micros = stamp.getAsLong();
        fallback = micros;
      } else {
        micros = fallback >= 0 ? fallback : clock.millis() * 1000;
      }
      return LogLine.newBuilder().setUnixMicros(micros).setText(text).build();
    }
  }
}
