package dev.steward.coordinator.console;

import dev.steward.common.inventory.Addresses;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The console's HTTP side, on Javalin (Jetty 12): the pages and bundled files, the snapshot as
 * JSON and as server-sent events, and the actions. Every request passes the path check, then
 * {@link ConsoleAuth}; answers carry a strict Content-Security-Policy (only this origin's script and
 * style, nothing inline), so even a value that slipped past the script's text-only rendering could
 * not run.
 */
public final class ConsoleServer implements AutoCloseable {

  private static final String PLAIN = "text/plain; charset=utf-8";

  private final Javalin app;
  private final InetSocketAddress address;

  public ConsoleServer(InetSocketAddress address, ConsoleAuth auth, SnapshotPoller poller, ConsoleActions actions,
      String localOperator) {
    this.address = address;
    byte[] page = ConsolePaths.read("console.html");
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.prefer405over404 = false;
      config.jetty.host = address.getAddress().getHostAddress();
      config.jetty.port = address.getPort();
      config.routes.before(ctx -> {
        headers(ctx);
        if (ConsolePaths.suspicious(ctx.req().getRequestURI())) {
          deny(ctx, 400, "refused\n");
          return;
        }
        if (!auth.required() && !addressedToThisConsole(ctx.header("Host"), address())) {
          deny(ctx, 421, "misdirected request\n");
          return;
        }
        ConsoleAuth.Decision decision = auth.check(ctx.header("Authorization"), ctx.queryParam("token"),
            ctx.cookie(ConsoleAuth.COOKIE));
        if (decision == ConsoleAuth.Decision.DENY) {
          ctx.header("WWW-Authenticate", "Bearer");
          deny(ctx, 401, "unauthorized\n");
        } else if (decision == ConsoleAuth.Decision.ALLOW_AND_SET_COOKIE) {
          ctx.header("Set-Cookie", auth.cookieHeader());
          if ("GET".equals(ctx.method().name())) {
            // drop the token from the address bar and the history
            ctx.status(303).header("Location", ctx.path()).result("");
            ctx.skipRemainingHandlers();
          }
        }
      });
      for (String path : ConsolePaths.PAGES) {
        config.routes.get(path, ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
      }
      config.routes.get("/static/{name}", ctx -> {
        var file = ConsolePaths.bundled(ctx.pathParam("name"));
        if (file.isEmpty()) {
          ctx.status(404).contentType(PLAIN).result("not found\n");
          return;
        }
        ctx.contentType(file.get().contentType()).result(file.get().bytes());
      });
      config.routes.get("/api/snapshot", ctx -> {
        String latest = poller.latest();
        if (latest == null) {
          ctx.status(503).contentType(PLAIN).result("the first snapshot is being taken\n");
          return;
        }
        ctx.contentType("application/json").result(latest);
      });
      config.routes.sse("/events", client -> {
        client.keepAlive();
        Consumer<String> listener = new Consumer<>() {
          @Override
          public void accept(String text) {
            if (client.terminated()) {
              poller.unsubscribe(this);
              return;
            }
            send(client, text);
          }
        };
        client.onClose(() -> poller.unsubscribe(listener));
        // Subscribed before the latest is sent: a poll in between then reaches this browser too,
        // where the other order would skip it until the next poll.
        poller.subscribe(listener);
        String latest = poller.latest();
        if (latest != null) {
          send(client, latest);
        }
      });
      config.routes.post("/api/actions/connectors/{name}/{verb}", ctx -> {
        if (!actions.allowed()) {
          answer(ctx, actions.connector("", "", "", false));
          return;
        }
        if (!sameOrigin(ctx)) {
          deny(ctx, 403, "cross-origin request refused\n");
          return;
        }
        answer(ctx, actions.connector(operator(auth, localOperator, ctx), ctx.pathParam("name"),
            ctx.pathParam("verb"), confirmed(ctx)));
      });
      config.routes.post("/api/actions/rolling-restart", ctx -> {
        if (!actions.allowed()) {
          answer(ctx, actions.rollingRestart("", "", List.of(), false));
          return;
        }
        if (!sameOrigin(ctx)) {
          deny(ctx, 403, "cross-origin request refused\n");
          return;
        }
        String service = ctx.formParam("service");
        String hosts = ctx.formParam("hosts");
        answer(ctx, actions.rollingRestart(operator(auth, localOperator, ctx), service == null ? "" : service,
            hosts == null || hosts.isBlank() ? List.of() : Arrays.stream(hosts.split(",")).map(String::trim).toList(),
            confirmed(ctx)));
      });
      config.routes.error(404, ctx -> ctx.contentType(PLAIN).result("not found\n"));
      config.routes.error(405, ctx -> ctx.contentType(PLAIN).result("method not allowed\n"));
      config.routes.exception(Exception.class, (e, ctx) -> ctx.status(500).contentType(PLAIN).result("error\n"));
    });
  }

  public void start() {
    app.start();
  }

  /** The bound address (the port chosen when asked for 0). */
  public InetSocketAddress address() {
    return new InetSocketAddress(address.getAddress(), app.port());
  }

  private static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  private static void deny(Context ctx, int status, String body) {
    ctx.status(status).contentType(PLAIN).result(body);
    ctx.skipRemainingHandlers();
  }

  private static void answer(Context ctx, ConsoleActions.Outcome outcome) {
    ctx.status(outcome.status()).contentType(PLAIN).result(outcome.message() + "\n");
  }

  private static boolean confirmed(Context ctx) {
    return "yes".equals(ctx.formParam("confirm"));
  }

  /**
   * Without a token the console trusts whoever reaches its loopback port, but a web page from
   * elsewhere can reach it too, by DNS rebinding (its own name made to resolve to 127.0.0.1); the
   * browser then sends that name as Host, and the page's Origin matches it. So a console without a
   * token serves only requests addressed to its own address and port, or to localhost on that port.
   */
  static boolean addressedToThisConsole(String hostHeader, InetSocketAddress bound) {
    if (hostHeader == null) {
      return false;
    }
    int colon = hostHeader.lastIndexOf(':');
    if (colon < 0 || hostHeader.endsWith("]")) {
      return false;
    }
    if (!hostHeader.substring(colon + 1).equals(Integer.toString(bound.getPort()))) {
      return false;
    }
    String name = hostHeader.substring(0, colon);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.equalsIgnoreCase("localhost")) {
      return bound.getAddress().isLoopbackAddress();
    }
    if (!Addresses.isIpLiteral(name)) {
      return false;
    }
    try {
      // a literal: no lookup
      return InetAddress.getByName(name).equals(bound.getAddress());
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The poller's thread and the request's own both send: one event at a time, never interleaved. */
  private static void send(SseClient client, String snapshot) {
    synchronized (client) {
      client.sendEvent("snapshot", snapshot);
    }
  }

  /** A browser always sends Origin on a POST: it must be this console's own. */
  static boolean sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    String host = ctx.header("Host");
    return origin != null && host != null && origin.equals("http://" + host);
  }

  private static String operator(ConsoleAuth auth, String localOperator, Context ctx) {
    return auth.required() ? "token@" + ctx.ip() : localOperator;
  }

  @Override
  public void close() {
    app.stop();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
