package dev.steward.agent.facts;

import dev.steward.agent.v1.JavaRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds out which Java a host has by running {@code <java_home>/bin/java -version} (an argv,
 * never a shell). The java_home is the agent's own unless an override is configured: the
 * agent runs on the Java that will run the services.
 */
public final class JavaRuntimeProbe {

  private static final long TIMEOUT_SECONDS = 20;

  private final Path javaHome;

  public JavaRuntimeProbe(Path javaHome) {
    this.javaHome = javaHome;
  }

  /** The agent's own java.home. */
  public static Path agentJavaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  public Path javaHome() {
    return javaHome;
  }

  public Path javaExecutable() {
    return javaHome.resolve("bin").resolve("java");
  }

  /** Never throws: an absent or broken Java is reported as not present. */
  public JavaRuntime probe() {
    JavaRuntime.Builder runtime = JavaRuntime.newBuilder().setJavaHome(javaHome.toString());
    Path java = javaExecutable();
    if (!Files.isExecutable(java)) {
      return runtime.setPresent(false).build();
    }
    Optional<String> output = run(List.of(java.toString(), "-version"));
    Optional<JavaVersionOutput.Version> version = output.flatMap(JavaVersionOutput::parse);
    if (version.isEmpty()) {
      return runtime.setPresent(false).build();
    }
    return runtime.setPresent(true)
        .setVersion(version.get().version())
        .setFeatureVersion(version.get().feature())
        .build();
  }

  private static Optional<String> run(List<String> argv) {
    try {
      Process process = new ProcessBuilder(argv)
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> copy(process.getInputStream(), captured), "java-version-reader");
      reader.setDaemon(true);
      reader.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      reader.join(TimeUnit.SECONDS.toMillis(5));
      synchronized (captured) {
        return Optional.of(captured.toString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[4096];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (out) {
          // java -version prints a few lines; cap it anyway against a misbehaving binary
          if (out.size() < 64 * 1024) {
            out.write(buffer, 0, n);
          }
        }
      }
    } catch (IOException ignored) {
      // the process went away: what was read so far is all there is
    }
  }
}
