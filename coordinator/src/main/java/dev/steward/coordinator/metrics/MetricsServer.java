package dev.steward.coordinator.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Serves {@code /metrics} (the scrape) over the JDK's HTTP server; nothing else but a pointer at {@code /}. */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  public MetricsServer(InetSocketAddress address, CachedScrape scrape) throws IOException {
    server = HttpServer.create(address, 16);
    executor = Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "steward-metrics");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
          send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
          return;
        }
        String text;
        try {
          text = scrape.get();
        } catch (RuntimeException e) {
          send(exchange, 500, "text/plain; charset=utf-8", "collecting the status failed: " + e + "\n");
          return;
        }
        send(exchange, 200, PrometheusText.CONTENT_TYPE, text);
      }
    });
    server.createContext("/", exchange -> {
      try (exchange) {
        boolean root = "/".equals(exchange.getRequestURI().getPath());
        send(exchange, root ? 200 : 404, "text/plain; charset=utf-8",
            root ? "steward metrics: scrape /metrics\n" : "not found; scrape /metrics\n");
      }
    });
  }

  public void start() {
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
