package dev.steward.coordinator.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a sandbox keeps its things: one directory holding the generated inventory and, per
 * emulated host, the agent's host root, pid file and log.
 */
public record SandboxLayout(Path dir) {

  /** The default number of hosts: the guide's three, each a ZooKeeper node and a broker. */
  public static final int HOSTS = 3;
  /** At most 7 hosts (`sandbox up --hosts N`); hosts 4 to 7 are brokers only. */
  public static final int MAX_HOSTS = 7;

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
    return hostNames(HOSTS);
  }

  /** h1 .. hN. */
  public static List<String> hostNames(int hosts) {
    return java.util.stream.IntStream.rangeClosed(1, hosts).mapToObj(i -> "h" + i).toList();
  }

  /** "127.0.1" -> 127.0.1.1, .2, .3: every address of 127/8 is local on Linux. */
  public static List<String> addresses(String prefix) {
    return addresses(prefix, HOSTS);
  }

  /** "127.0.1", 5 -> 127.0.1.1 .. 127.0.1.5. */
  public static List<String> addresses(String prefix, int hosts) {
    return java.util.stream.IntStream.rangeClosed(1, hosts).mapToObj(i -> prefix + "." + i).toList();
  }

  /**
   * The hosts whose agent pid file is in run/: also those an edited inventory no longer lists
   * (a drained broker removed from it), so that `sandbox down` stops them too.
   */
  public List<String> hostsWithPidFiles() {
    Path run = dir.resolve("run");
    if (!java.nio.file.Files.isDirectory(run)) {
      return List.of();
    }
    try (var files = java.nio.file.Files.list(run)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-agent.pid"))
          .map(n -> n.substring(0, n.length() - "-agent.pid".length())).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
