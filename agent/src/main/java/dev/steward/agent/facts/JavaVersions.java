package dev.steward.agent.facts;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code <java> -version} says, run once per build of that executable: facts, preflight
 * and the Java resource's dry run all ask, and each answer cost a JVM start (~0.1 s of CPU, the
 * largest part of an idle agent's work on a `plan`). A build is the executable's real path, size
 * and modification time, so a JDK upgrade (which replaces the file) is asked again. Only
 * answers are kept: a java that failed or hung may work the next time.
 */
public final class JavaVersions {

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private record Build(Path realPath, long size, FileTime modified) {
  }

  private final CommandRunner runner;
  private final Map<Build, JavaVersionOutput.Version> known = new ConcurrentHashMap<>();

  public JavaVersions(CommandRunner runner) {
    this.runner = runner;
  }

  /** Empty when {@code java} does not exist, does not run, hangs, or says no version. */
  public Optional<JavaVersionOutput.Version> of(Path java) {
    Build build;
    try {
      Path real = java.toRealPath();
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      build = new Build(real, attributes.size(), attributes.lastModifiedTime());
    } catch (IOException e) {
      return Optional.empty();
    }
    JavaVersionOutput.Version cached = known.get(build);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<JavaVersionOutput.Version> version = run(java);
    version.ifPresent(answer -> known.put(build, answer));
    return version;
  }

  private Optional<JavaVersionOutput.Version> run(Path java) {
    try {
      CommandResult result = runner.run(List.of(java.toString(), "-version"), TIMEOUT);
      // java -version writes to stderr; a hung one has said nothing we can trust
      return result.timedOut() ? Optional.empty() : JavaVersionOutput.parse(result.stderr() + result.stdout());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
