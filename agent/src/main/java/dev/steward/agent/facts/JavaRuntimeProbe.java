package dev.steward.agent.facts;

import dev.steward.agent.exec.CommandRunner;
import dev.steward.agent.exec.ProcessCommandRunner;
import dev.steward.agent.v1.JavaRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds out which Java a host has by running {@code <java_home>/bin/java -version} (an argv,
 * never a shell). The java_home is the agent's own unless an override is configured: the
 * agent runs on the Java that will run the services.
 */
public final class JavaRuntimeProbe {

  private final Path javaHome;
  private final JavaVersions versions;

  public JavaRuntimeProbe(Path javaHome) {
    this(javaHome, new ProcessCommandRunner());
  }

  public JavaRuntimeProbe(Path javaHome, CommandRunner runner) {
    this.javaHome = javaHome;
    this.versions = new JavaVersions(runner);
  }

  /** The agent's own java.home. */
  public static Path agentJavaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  public Path javaHome() {
    return javaHome;
  }

  /** The versions of the javas this agent has run, shared with the Java resource's finder. */
  public JavaVersions versions() {
    return versions;
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
    Optional<JavaVersionOutput.Version> version = versions.of(java);
    if (version.isEmpty()) {
      return runtime.setPresent(false).build();
    }
    return runtime.setPresent(true)
        .setVersion(version.get().version())
        .setFeatureVersion(version.get().feature())
        .build();
  }

}
