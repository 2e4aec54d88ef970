package dev.steward.agent.resource;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.exec.CommandRunner;
import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.host.PosixModes;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.SysctlResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Kernel parameters: Steward's drop-in file (e.g. /etc/sysctl.d/60-steward.conf) applied with
 * {@code sysctl -p FILE} and verified against /proc/sys. Drift in either place shows: a file
 * someone edited, or a live value someone (or a later drop-in) changed.
 */
public final class SysctlHandler implements ResourceHandler<SysctlResource, SysctlHandler.Observed> {

  /**
   * @param fileContent the drop-in as found, if it exists
   * @param live each desired key's value in /proc/sys (normalized), or empty when the kernel has no such key
   */
  public record Observed(Path file, Optional<String> fileContent, Map<String, Optional<String>> live) {
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HostRoot hostRoot;
  private final CommandRunner runner;
  private final MachineWide machineWide;

  public SysctlHandler(HostRoot hostRoot, CommandRunner runner, MachineWide machineWide) {
    this.hostRoot = hostRoot;
    this.runner = runner;
    this.machineWide = machineWide;
  }

  @Override
  public SysctlResource desired(Resource resource) {
    return resource.getSysctl();
  }

  @Override
  public Observed observe(SysctlResource desired) throws IOException, ResourceFailure {
    List<String> problems = SysctlFile.problems(desired.getValuesMap());
    if (!problems.isEmpty()) {
      throw new ResourceFailure(String.join("; ", problems));
    }
    Path file = resolve("sysctl.path", desired.getPath());
    Optional<String> content = Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    return new Observed(file, content, readLive(desired.getValuesMap().keySet()));
  }

  private Map<String, Optional<String>> readLive(Iterable<String> keys) throws IOException, ResourceFailure {
    Map<String, Optional<String>> live = new TreeMap<>();
    for (String key : keys) {
      Path proc = resolve("sysctl key", "/proc/sys/" + SysctlFile.procPath(key));
      live.put(key, Files.isRegularFile(proc)
          ? Optional.of(SysctlFile.normalize(Files.readString(proc, StandardCharsets.UTF_8)))
          : Optional.empty());
    }
    return live;
  }

  @Override
  public Diff diff(SysctlResource desired, Observed observed) {
    List<String> unknown = new ArrayList<>();
    observed.live().forEach((key, value) -> {
      if (value.isEmpty()) {
        unknown.add(key + " (no /proc/sys/" + SysctlFile.procPath(key) + ")");
      }
    });
    if (!unknown.isEmpty()) {
      return Diff.conflict("this kernel has no sysctl " + String.join(", ", unknown)
          + ": remove it from the inventory's sysctl.values or fix its name");
    }
    List<String> lines = new ArrayList<>();
    String wanted = SysctlFile.render(desired.getValuesMap());
    if (observed.fileContent().isEmpty()) {
      lines.add("create " + desired.getPath());
    } else if (!observed.fileContent().get().equals(wanted)) {
      lines.add(TextDiff.unified(desired.getPath(), observed.fileContent().get(), wanted).stripTrailing());
    }
    lines.addAll(liveDrift(desired.getValuesMap(), observed.live()));
    return lines.isEmpty() ? Diff.none() : Diff.change(String.join("\n", lines), false);
  }

  private static List<String> liveDrift(Map<String, String> desired, Map<String, Optional<String>> live) {
    List<String> lines = new ArrayList<>();
    new TreeMap<>(desired).forEach((key, value) -> {
      String now = live.getOrDefault(key, Optional.empty()).orElse("?");
      if (!now.equals(SysctlFile.normalize(value))) {
        lines.add("live " + key + ": " + now + " -> " + SysctlFile.normalize(value));
      }
    });
    return lines;
  }

  @Override
  public String apply(SysctlResource desired, Observed observed, Diff diff) throws IOException, ResourceFailure {
    machineWide.require("sysctl");
    String wanted = SysctlFile.render(desired.getValuesMap());
    if (!observed.fileContent().map(wanted::equals).orElse(false)) {
      Files.createDirectories(observed.file().getParent());
      AtomicFiles.write(observed.file(), wanted.getBytes(StandardCharsets.UTF_8), PosixModes.toPermissions(0644),
          temp -> { });
    }
    CommandResult result = runner.run(List.of("sysctl", "-p", observed.file().toString()), TIMEOUT);
    Map<String, Optional<String>> after = readLive(desired.getValuesMap().keySet());
    List<String> still = liveDrift(desired.getValuesMap(), after);
    if (!result.succeeded() || !still.isEmpty()) {
      // sysctl prints what it set on stdout and what the kernel refused (in the kernel's words) on stderr
      List<String> refused = result.stderr().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
      throw new ResourceFailure("the kernel did not take every value of " + desired.getPath()
          + (result.timedOut() ? ": sysctl timed out" : "")
          + (refused.isEmpty() ? "" : ": " + String.join("; ", refused))
          + (still.isEmpty() ? "" : " (still differing: " + String.join(", ", still) + ")"));
    }
    return "applied with sysctl -p";
  }

  private Path resolve(String field, String logical) throws ResourceFailure {
    try {
      return hostRoot.resolve(field, logical);
    } catch (PathRejectedException e) {
      throw new ResourceFailure(e.getMessage(), e);
    }
  }
}
