package dev.steward.agent.logs;

import dev.steward.agent.v1.ReadLogsRequest;

/**
 * What a caller asked for, checked.
 *
 * @param sinceMicros only lines at or after this (unix microseconds); 0: no bound
 * @param lines at most the last N (before following); 0: no limit
 */
public record LogQuery(long sinceMicros, int lines, boolean follow) {

  public static final int DEFAULT_LINES = 10;
  public static final int MAX_LINES = 100_000;

  public static LogQuery of(ReadLogsRequest request) {
    if (request.getSinceUnixMillis() < 0) {
      throw new IllegalArgumentException("since_unix_millis must not be negative");
    }
    if (request.getLines() > MAX_LINES || request.getLines() < 0) {
      throw new IllegalArgumentException("lines must be 0.." + MAX_LINES + ", not " + request.getLines());
    }
    int lines = request.getLines();
    if (lines == 0 && request.getSinceUnixMillis() == 0) {
      lines = DEFAULT_LINES;
    }
    return new LogQuery(request.getSinceUnixMillis() * 1000, lines, request.getFollow());
  }
}
