package dev.steward.agent.server;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends gRPC's java.util.logging records to the agent's log (slf4j), one line each. Left to
 * itself, gRPC prints every connection that ends badly as a multi-line JUL record with a stack
 * trace on stderr: "Transport failed" plus 20 frames for each HTTP request, port scan or random
 * bytes that reach the port. Here:
 * <ul>
 *   <li>records of gRPC's per-connection loggers ({@code ...NettyServerTransport.connections})
 *       are a peer's doing, not the agent's: DEBUG, with the exception's message only;
 *   <li>other records keep their level, and the exception is summed up in the line;
 *   <li>SEVERE keeps its stack trace: gRPC uses it for exceptions thrown by the agent's own
 *       service code, where the trace is the point.
 * </ul>
 * Netty, shaded inside grpc-netty-shaded, logs through slf4j already.
 */
public final class GrpcLogBridge extends Handler {

  static final String GRPC_LOGGERS = "io.grpc";
  private static final int MAX_LINE = 500;

  // JUL holds loggers weakly: a logger collected and made again would have lost this handler
  private static java.util.logging.Logger grpcRoot;

  private final Formatter formatter = new SimpleFormatter();

  private GrpcLogBridge() {
  }

  /** Routes gRPC's JUL loggers here instead of JUL's console handler; idempotent. */
  public static synchronized void install() {
    if (grpcRoot != null) {
      return;
    }
    grpcRoot = java.util.logging.Logger.getLogger(GRPC_LOGGERS);
    grpcRoot.setUseParentHandlers(false);
    grpcRoot.addHandler(new GrpcLogBridge());
  }

  @Override
  public void publish(LogRecord record) {
    String name = record.getLoggerName() == null ? GRPC_LOGGERS : record.getLoggerName();
    Logger log = LoggerFactory.getLogger(name);
    Throwable thrown = record.getThrown();
    String message = oneLine(formatter.formatMessage(record));
    if (name.endsWith(".connections")) {
      log.debug("{}{}", message, summary(thrown));
    } else if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
      log.error(message, thrown);
    } else if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      log.warn("{}{}", message, summary(thrown));
    } else if (record.getLevel().intValue() >= Level.INFO.intValue()) {
      log.info("{}{}", message, summary(thrown));
    } else if (record.getLevel().intValue() >= Level.FINE.intValue()) {
      log.debug("{}{}", message, summary(thrown));
    } else {
      log.trace("{}{}", message, summary(thrown));
    }
  }

  /** ": Type: message" for the exception and each cause, on one line; empty without one. */
  static String summary(Throwable thrown) {
    StringBuilder line = new StringBuilder();
    for (Throwable t = thrown; t != null && line.length() < MAX_LINE; t = t.getCause() == t ? null : t.getCause()) {
      line.append(line.isEmpty() ? ": " : " <- ").append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        line.append(": ").append(t.getMessage());
      }
    }
    return oneLine(line.toString());
  }

  /**
   * Messages can carry what a peer sent (Netty quotes the first line of an HTTP/1 request):
   * control characters could forge log lines or terminal escapes, and length is unbounded.
   */
  static String oneLine(String text) {
    String flat = text.replaceAll("\\p{Cntrl}", "?").strip();
    return flat.length() <= MAX_LINE ? flat : flat.substring(0, MAX_LINE) + "...";
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
  }
}
