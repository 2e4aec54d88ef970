package dev.steward.coordinator.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a sandbox keeps its things: one directory holding the generated inventory and, per
 * emulated host, the agent's host root, pid file and log.
 */
public record SandboxLayout(Path dir) {

  public static final int HOSTS = 3;

  public SandboxLayout {
    dir = dir.toAbsolutePath().normalize();
  }

  public static Path defaultDir() {
    return Path.of(System.getProperty("user.home"), ".steward", "sandbox");
  }

  public Path inventory() {
    return dir.resolve("inventory.yaml");
  }

  public Path hostRoot(String host) {
    return dir.resolve("hosts").resolve(host);
  }

  public Path agentPidFile(String host) {
    return dir.resolve("run").resolve(host + "-agent.pid");
  }

  public Path agentLog(String host) {
    return dir.resolve("run").resolve(host + "-agent.log");
  }

  /**
   * Removes the directory and everything in it: only for the benchmarks' throwaway sandboxes,
   * once their agents are stopped (`sandbox down` keeps a sandbox's data).
   */
  public void deleteAll() throws IOException {
    dev.steward.coordinator.ScratchDirectories.delete(dir);
  }

  public static List<String> hostNames() {
    return List.of("h1", "h2", "h3");
  }

  /** "127.0.1" -> 127.0.1.1, .2, .3: every address of 127/8 is local on Linux. */
  public static List<String> addresses(String prefix) {
    return List.of(prefix + ".1", prefix + ".2", prefix + ".3");
  }
}
