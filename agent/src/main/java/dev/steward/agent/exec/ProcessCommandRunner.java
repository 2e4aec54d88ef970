package dev.steward.agent.exec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes of the agent: the one place the agent starts a program and
 * waits for it (the services it supervises are another matter). Output is captured up to a cap,
 * and a command that outlives its timeout is killed with every process it started, so nothing
 * it left behind keeps running, or keeps the output pipes open.
 */
public final class ProcessCommandRunner implements CommandRunner {

  /** Output beyond this is dropped: enough for any status listing, bounded against a runaway program. */
  static final int MAX_CAPTURED_BYTES = 1 << 20;

  @Override
  public CommandResult run(List<String> argv, Map<String, String> environment, Duration timeout) throws IOException {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty argv");
    }
    ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    Process process = builder.start();
    Capture out = new Capture(process.getInputStream(), "stdout of " + argv.get(0));
    Capture err = new Capture(process.getErrorStream(), "stderr of " + argv.get(0));
    boolean timedOut = false;
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        killTree(process);
        process.waitFor(10, TimeUnit.SECONDS);
      }
      out.join();
      err.join();
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", argv), e);
    }
    return new CommandResult(argv, timedOut ? -1 : process.exitValue(), out.text(), err.text(), timedOut);
  }

  /**
   * Children first, listed while the parent still lives: once it is gone they are re-parented
   * and no longer its descendants.
   */
  private static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Drains one stream on its own thread, so a chatty program never blocks on a full pipe. */
  private static final class Capture {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread thread;

    Capture(InputStream in, String name) {
      thread = new Thread(() -> drain(in), name);
      thread.setDaemon(true);
      thread.start();
    }

    private void drain(InputStream in) {
      byte[] chunk = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(chunk)) > 0) {
          synchronized (buffer) {
            int room = MAX_CAPTURED_BYTES - buffer.size();
            if (room > 0) {
              buffer.write(chunk, 0, Math.min(room, n));
            }
          }
        }
      } catch (IOException ignored) {
        // the process went away: what was read is all there is
      }
    }

    void join() throws InterruptedException {
      // a grandchild that inherited the pipe may keep it open: do not wait for it forever
      thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    String text() {
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
