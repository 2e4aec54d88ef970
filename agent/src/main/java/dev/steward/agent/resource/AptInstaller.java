package dev.steward.agent.resource;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.exec.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** dpkg-query to ask, apt-get to install: the two package commands the agent runs. */
public final class AptInstaller {

  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(20);
  /** Never a prompt: a conffile question would hang the install until the timeout. */
  private static final Map<String, String> NONINTERACTIVE = Map.of("DEBIAN_FRONTEND", "noninteractive");

  private final CommandRunner runner;

  public AptInstaller(CommandRunner runner) {
    this.runner = runner;
  }

  /** True when dpkg has it fully installed ("install ok installed"). */
  public boolean isInstalled(String name) throws ResourceFailure {
    CommandResult result = run(List.of("dpkg-query", "-W", "-f=${Status}", name), Map.of(), QUERY_TIMEOUT);
    return isInstalledStatus(result);
  }

  /** dpkg-query exits 1 for a package it never heard of; any other state than fully installed is "not installed". */
  static boolean isInstalledStatus(CommandResult dpkgQuery) {
    return dpkgQuery.exitCode() == 0 && dpkgQuery.stdout().strip().equals("install ok installed");
  }

  /** Installs, refreshing the package lists once if apt does not know the package (a fresh host). */
  public void install(String name) throws ResourceFailure {
    List<String> argv = List.of("apt-get", "install", "-y", "--no-install-recommends", name);
    CommandResult result = run(argv, NONINTERACTIVE, INSTALL_TIMEOUT);
    if (!result.succeeded() && needsUpdate(result)) {
      CommandResult update = run(List.of("apt-get", "update"), NONINTERACTIVE, INSTALL_TIMEOUT);
      if (!update.succeeded()) {
        throw new ResourceFailure("apt-get update failed: " + errors(update));
      }
      result = run(argv, NONINTERACTIVE, INSTALL_TIMEOUT);
    }
    if (!result.succeeded()) {
      throw new ResourceFailure("apt-get install " + name + " failed: " + errors(result));
    }
  }

  static boolean needsUpdate(CommandResult result) {
    String said = result.stderr() + result.stdout();
    return said.contains("Unable to locate package") || said.contains("has no installation candidate");
  }

  /** apt's own "E:" lines, else whatever it said last. */
  static String errors(CommandResult result) {
    if (result.timedOut()) {
      return "timed out";
    }
    List<String> errors = (result.stderr() + "\n" + result.stdout()).lines()
        .filter(line -> line.startsWith("E: ")).toList();
    if (!errors.isEmpty()) {
      return String.join("; ", errors);
    }
    List<String> lines = result.said().lines().toList();
    return "exit status " + result.exitCode() + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1));
  }

  private CommandResult run(List<String> argv, Map<String, String> environment, Duration timeout)
      throws ResourceFailure {
    try {
      return runner.run(argv, environment, timeout);
    } catch (IOException e) {
      throw new ResourceFailure("cannot run " + argv.get(0) + " (" + e.getMessage() + "): packages need a Debian "
          + "or Ubuntu host", e);
    }
  }
}
