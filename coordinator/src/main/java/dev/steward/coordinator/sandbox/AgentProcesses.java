package dev.steward.coordinator.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the sandbox's agent processes. Each is detached into its own session so
 * it outlives the `steward sandbox up` that started it, and is only ever stopped by the pid
 * it wrote, after checking that the pid still belongs to this sandbox.
 */
public final class AgentProcesses {

  private final SandboxLayout layout;

  public AgentProcesses(SandboxLayout layout) {
    this.layout = layout;
  }

  /** The running agent of {@code host}, if its pid file names a live process of this sandbox. */
  public Optional<ProcessHandle> running(String host) {
    return readPid(layout.agentPidFile(host)).flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(this::belongsToSandbox);
  }

  public Process start(String host, String address, int port) throws IOException {
    Path root = layout.hostRoot(host);
    Files.createDirectories(root);
    Files.createDirectories(layout.agentLog(host).getParent());
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.addAll(agentLauncher());
    command.addAll(List.of("--listen", address + ":" + port, "--root", root.toString(), "--backend", "supervisor",
        "--insecure", "--pid-file", layout.agentPidFile(host).toString(),
        "--log-file", layout.agentLog(host).toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.agentLog(host).toFile()))
        .redirectErrorStream(true);
    builder.environment().remove("STEWARD_LOG_LEVEL");
    return builder.start();
  }

  /** SIGTERM, then SIGKILL after {@code grace}. Returns true when the agent was running. */
  public boolean stop(String host, Duration grace) {
    Optional<ProcessHandle> agent = running(host);
    agent.ifPresent(process -> terminate(process, grace));
    return agent.isPresent();
  }

  /**
   * Processes still running from this sandbox's host roots (a service whose agent died before
   * it could stop it). Identified by their command line, which names files under the sandbox.
   */
  public List<ProcessHandle> strayServices() {
    String hostsDir = layout.dir().resolve("hosts").toString() + "/";
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> commandLine(p).contains(hostsDir))
        .toList();
  }

  public static void terminate(ProcessHandle process, Duration grace) {
    process.destroy();
    try {
      process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by the caller's next check
      }
    }
  }

  /**
   * bin/steward-agent beside bin/steward, or (run from a build tree) the same JVM and class path
   * as this process, with the agent's own JVM options from the agent jar.
   */
  private static List<String> agentLauncher() {
    String home = System.getProperty("steward.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "steward-agent"))) {
      return List.of(Path.of(home, "bin", "steward-agent").toString());
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(AgentJvmOptions.bundled());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.steward.agent.AgentMain"));
    return command;
  }

  private boolean belongsToSandbox(ProcessHandle process) {
    return commandLine(process).contains(layout.dir().toString());
  }

  /** The full command line from /proc (ProcessHandle.info() truncates arguments on Linux). */
  static String commandLine(ProcessHandle process) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | SecurityException e) {
      return process.info().commandLine().orElse("");
    }
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
