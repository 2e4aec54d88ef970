package dev.steward.agent.resource;

import dev.steward.agent.exec.CommandRunner;
import dev.steward.agent.facts.JavaVersions;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.PathRejectedException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds runnable Javas the way an admin would look: the agent's configured java home, then
 * $JAVA_HOME, then every /usr/lib/jvm/&#42;/bin/java (where Debian's packages put them), then
 * PATH; each is run with {@code -version}.
 */
public final class JavaFinder {

  /** One java that ran. */
  public record Found(String executable, String version, int feature) {
  }

  private final HostRoot hostRoot;
  private final Path configuredJavaHome;
  private final Map<String, String> environment;
  private final JavaVersions versions;

  public JavaFinder(HostRoot hostRoot, Path configuredJavaHome, Map<String, String> environment, CommandRunner runner) {
    this(hostRoot, configuredJavaHome, environment, new JavaVersions(runner));
  }

  public JavaFinder(HostRoot hostRoot, Path configuredJavaHome, Map<String, String> environment,
      JavaVersions versions) {
    this.hostRoot = hostRoot;
    this.configuredJavaHome = configuredJavaHome;
    this.environment = Map.copyOf(environment);
    this.versions = versions;
  }

  /** Where to look, in order, without duplicates. */
  List<Path> candidates() throws IOException {
    Set<Path> candidates = new LinkedHashSet<>();
    candidates.add(configuredJavaHome.resolve("bin/java"));
    String javaHome = environment.getOrDefault("JAVA_HOME", "");
    if (javaHome.startsWith("/")) {
      candidates.add(Path.of(javaHome, "bin", "java"));
    }
    try {
      Path jvm = hostRoot.resolve("java", "/usr/lib/jvm");
      if (Files.isDirectory(jvm)) {
        List<Path> homes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(jvm)) {
          entries.forEach(homes::add);
        }
        homes.stream().sorted().forEach(home -> candidates.add(home.resolve("bin/java")));
      }
    } catch (PathRejectedException e) {
      // /usr/lib/jvm escapes the root through a link: not ours to look at
    }
    for (String dir : environment.getOrDefault("PATH", "").split(":")) {
      if (dir.startsWith("/")) {
        candidates.add(Path.of(dir, "java"));
      }
    }
    return new ArrayList<>(candidates);
  }

  /** Every candidate that exists and reports a version. */
  public List<Found> find() throws IOException {
    List<Found> found = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Path candidate : candidates()) {
      if (!Files.isExecutable(candidate) || !seen.add(candidate.toRealPath())) {
        continue;
      }
      version(candidate).ifPresent(found::add);
    }
    return found;
  }

  private Optional<Found> version(Path java) {
    return versions.of(java).map(v -> new Found(java.toString(), v.version(), v.feature()));
  }

}
