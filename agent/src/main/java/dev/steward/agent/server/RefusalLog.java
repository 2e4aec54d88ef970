package dev.steward.agent.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * What to log about connections refused over the cap: a flood of them must not flood the log.
 * The first refusal is logged at once and opens a window; refusals inside it are only counted,
 * and the window's end reports their number in one line (and opens the next window while
 * refusals keep coming). Pure; its caller keeps the time and calls it from one thread.
 */
final class RefusalLog {

  private final int maxConnections;
  private final Duration window;
  private boolean windowOpen;
  private long unreported;

  RefusalLog(int maxConnections, Duration window) {
    this.maxConnections = maxConnections;
    this.window = window;
  }

  /** A connection was refused: the line to log now, or empty inside a window (it is counted). */
  Optional<String> refused(SocketAddress peer) {
    if (windowOpen) {
      unreported++;
      return Optional.empty();
    }
    windowOpen = true;
    return Optional.of("refused a connection from " + describe(peer) + ": " + maxConnections
        + " connections are open, the most the agent accepts (further refusals are counted every "
        + window.toSeconds() + "s)");
  }

  /**
   * The window ended: the line to log when it counted refusals. Such a window opens the next
   * one; a quiet one closes, so the next refusal is logged at once again.
   */
  Optional<String> windowEnded() {
    if (unreported == 0) {
      windowOpen = false;
      return Optional.empty();
    }
    String line = "refused " + unreported + " more connection" + (unreported == 1 ? "" : "s") + " in the last "
        + window.toSeconds() + "s: " + maxConnections + " connections are open, the most the agent accepts";
    unreported = 0;
    return Optional.of(line);
  }

  private static String describe(SocketAddress peer) {
    if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(peer);
  }
}
