package dev.steward.agent.logs;

import dev.steward.agent.v1.LogLine;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.render.SystemdUnitRenderer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's lines from the systemd journal: one {@code journalctl -u <unit> -o json} process per
 * call (journald keeps rotation and vacuuming to itself). Its output is read as the caller takes
 * lines, so a slow caller leaves journalctl blocked on a full pipe rather than the agent buffering.
 * The process is killed by its pid when the caller cancels or the call ends.
 */
public final class JournalLogSource implements LogSource {

  private static final Logger log = LoggerFactory.getLogger(JournalLogSource.class);
  private static final int MAX_STDERR = 4096;

  private final String journalctl;
  /** Observes each journalctl process (tests: that it is gone after a cancel). */
  private final java.util.function.Consumer<ProcessHandle> started;

  public JournalLogSource() {
    this("journalctl", p -> { });
  }

  JournalLogSource(String journalctl, java.util.function.Consumer<ProcessHandle> started) {
    this.journalctl = journalctl;
    this.started = started;
  }

  /** The journalctl command line for a query. Pure. */
  static List<String> argv(String journalctl, ServiceName service, LogQuery query) {
    return argv(journalctl, SystemdUnitRenderer.unitName(service), query);
  }

  /** The journalctl command line for a unit this agent names itself (never a caller's text). Pure. */
  static List<String> argv(String journalctl, String unit, LogQuery query) {
    List<String> argv = new ArrayList<>(List.of(journalctl, "--unit", unit,
        "--output", "json", "--no-pager", "--quiet"));
    if (query.sinceMicros() > 0) {
      long seconds = query.sinceMicros() / 1_000_000;
      argv.add("--since");
      argv.add("@" + seconds);
    }
    argv.add("--lines");
    argv.add(query.lines() > 0 ? Integer.toString(query.lines()) : "all");
    if (query.follow()) {
      argv.add("--follow");
    }
    return argv;
  }

  @Override
  public void read(ServiceName service, LogQuery query, LogStream stream) throws IOException, InterruptedException {
    readUnit(SystemdUnitRenderer.unitName(service), query, stream);
  }

  /** The lines of one unit; {@code unit} is a constant or a managed service's unit, never a caller's text. */
  public void readUnit(String unit, LogQuery query, LogStream stream) throws IOException, InterruptedException {
    List<String> argv = argv(journalctl, unit, query);
    Process process = new ProcessBuilder(argv)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    ProcessHandle handle = process.toHandle();
    started.accept(handle);
    StringBuilder stderr = new StringBuilder();
    Thread errors = new Thread(() -> drain(process.getErrorStream(), stderr), "journalctl-stderr");
    errors.setDaemon(true);
    errors.start();
    stream.onCancel(() -> kill(handle));
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String json;
      while ((json = out.readLine()) != null) {
        if (stream.cancelled()) {
          throw new LogStream.CancelledException();
        }
        Optional<LogLine> line = JournalEntries.parse(json);
        if (line.isPresent() && line.get().getUnixMicros() >= query.sinceMicros()) {
          stream.emit(line.get());
        }
      }
      if (stream.cancelled()) {
        throw new LogStream.CancelledException();
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IOException("journalctl did not exit after its output ended");
      }
      errors.join(1000);
      if (process.exitValue() != 0) {
        String detail;
        synchronized (stderr) {
          detail = stderr.toString().strip();
        }
        throw new IOException("journalctl exited with status " + process.exitValue()
            + (detail.isEmpty() ? "" : ": " + detail));
      }
    } finally {
      kill(handle);
    }
  }

  private static void kill(ProcessHandle handle) {
    if (handle.isAlive()) {
      log.debug("stopping journalctl (pid {})", handle.pid());
      handle.destroy();
      try {
        handle.onExit().get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
  }

  private static void drain(InputStream in, StringBuilder into) {
    byte[] buffer = new byte[1024];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (into) {
          if (into.length() < MAX_STDERR) {
            into.append(new String(buffer, 0, Math.min(n, MAX_STDERR - into.length()), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }
}
