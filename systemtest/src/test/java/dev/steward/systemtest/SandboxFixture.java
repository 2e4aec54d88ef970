package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.common.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sandbox cluster for one test class: its own directory, its own loopback /24 (so test
 * classes never collide with each other or with a developer's sandbox), its own rollout
 * state directory. {@link #close()} brings it down and checks that nothing is left running.
 */
final class SandboxFixture implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final String prefix;
  final Path stateDir;

  SandboxFixture(String prefix) throws IOException {
    this.dir = Files.createTempDirectory("steward-sandbox-it");
    this.prefix = prefix;
    this.stateDir = Files.createTempDirectory("steward-state-it");
    StewardCli.ENVIRONMENT.put("STEWARD_STATE_DIR", stateDir.toString());
  }

  Path inventory() {
    return dir.resolve("inventory.yaml");
  }

  String bootstrap() {
    return prefix + ".1:9092," + prefix + ".2:9092," + prefix + ".3:9092";
  }

  StewardCli.Run up(String... extra) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("sandbox", "up", "--dir", dir.toString(), "--address-prefix", prefix));
    args.addAll(List.of(extra));
    StewardCli.Run up = StewardCli.steward(Duration.ofMinutes(10), args.toArray(String[]::new));
    System.out.println(up);
    assertThat(up.exitCode()).as(up.toString()).isZero();
    return up;
  }

  JsonNode status() throws IOException, InterruptedException {
    StewardCli.Run status = StewardCli.steward(Duration.ofMinutes(2), "status", "-i", inventory().toString(), "-o", "json");
    return JSON.readTree(status.stdout());
  }

  /** Waits until `steward status` reports the cluster healthy (e.g. after fixing something by hand). */
  void awaitHealthy(Duration timeout) {
    Eventually.within(timeout).every(Duration.ofSeconds(1)).until("the cluster healthy", this::status,
        status -> status.at("/cluster/healthy").asBoolean());
  }

  /** The JVM pid of each host's service ("kafka" or "zookeeper"), by host name. */
  Map<String, Long> servicePids(String service) {
    String mainClass = service.equals("kafka") ? "kafka.Kafka" : "QuorumPeerMain";
    Map<String, Long> pids = new TreeMap<>();
    for (String host : List.of("h1", "h2", "h3")) {
      String root = dir.resolve("hosts").resolve(host) + "/";
      ProcessHandle.allProcesses().forEach(p -> {
        String cmd = commandLine(p);
        if (cmd.contains(mainClass) && cmd.contains(root)) {
          pids.put(host, p.pid());
        }
      });
    }
    return pids;
  }

  /** How often the agent of {@code host} logged a restart of {@code service}. */
  long restartsLogged(String host, String service) throws IOException {
    Path log = dir.resolve("run").resolve(host + "-agent.log");
    return Files.readAllLines(log).stream().filter(l -> l.contains(": restart " + service) && !l.contains(" done")).count();
  }

  static String commandLine(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.ISO_8859_1)
          .replace('\0', ' ');
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  static List<ProcessHandle> processesUnder(Path directory) {
    return ProcessHandle.allProcesses().filter(p -> commandLine(p).contains(directory.toString())).toList();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    StewardCli.Run down = StewardCli.steward(Duration.ofMinutes(5), "sandbox", "down", "--dir", dir.toString());
    System.out.println(down);
    List<ProcessHandle> leftovers = processesUnder(dir);
    leftovers.forEach(ProcessHandle::destroyForcibly);
    assertThat(leftovers).as("processes left running after sandbox down").isEmpty();
    assertThat(down.exitCode()).as(down.toString()).isZero();
    // kept after a failure, for a look at the services' logs; a clean run leaves nothing in /tmp
    StewardCli.deleteScratch(dir);
    StewardCli.deleteScratch(stateDir);
  }
}
