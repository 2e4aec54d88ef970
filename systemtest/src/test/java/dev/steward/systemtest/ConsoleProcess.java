package dev.steward.systemtest;

import dev.steward.common.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `steward console` on a free loopback port, until its first snapshot is served; stopped on close. */
final class ConsoleProcess implements AutoCloseable {

  private static final Pattern TOKEN = Pattern.compile("^token: (\\S+)$", Pattern.MULTILINE);

  final Process process;
  final Path log;
  final URI base;
  final Optional<String> token;

  private ConsoleProcess(Process process, Path log, URI base, Optional<String> token) {
    this.process = process;
    this.log = log;
    this.base = base;
    this.token = token;
  }

  static ConsoleProcess start(Path dir, Path inventory, String... options) throws IOException {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile(dir, "console", ".log");
    List<String> args = new ArrayList<>(List.of("console", "-i", inventory.toString(), "--listen", "127.0.0.1:" + port));
    args.addAll(List.of(options));
    Process process = StewardCli.startSteward(log, args.toArray(String[]::new));
    URI base = URI.create("http://127.0.0.1:" + port);
    String started = Eventually.within(Duration.ofMinutes(1)).every(Duration.ofMillis(200)).until("console serving",
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("steward console exited: " + Files.readString(log));
          }
          String text = Files.readString(log);
          return text.contains("serving http://") ? text : null;
        }, java.util.Objects::nonNull);
    Matcher token = TOKEN.matcher(started);
    ConsoleProcess console = new ConsoleProcess(process, log, base, token.find() ? Optional.of(token.group(1))
        : Optional.empty());
    // the first snapshot (a status collection) before any browser looks
    HttpClient client = HttpClient.newHttpClient();
    Eventually.within(Duration.ofMinutes(1)).every(Duration.ofMillis(200)).until("the first snapshot", () -> {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/snapshot"));
      console.token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
      try {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
      } catch (IOException e) {
        return 0;
      }
    }, status -> status == 200);
    return console;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
