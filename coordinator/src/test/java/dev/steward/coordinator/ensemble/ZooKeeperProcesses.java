package dev.steward.coordinator.ensemble;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.zookeeper.client.FourLetterWordMain;

/**
 * Real ZooKeeper servers, one process each (QuorumPeerMain, as the hosts run it), each with its own
 * static file and a dynamic membership file it owns once started, like a host's: reconfigEnabled,
 * standaloneEnabled=false, Steward's superuser digest, no skipACL. Processes and not threads:
 * ZooKeeper keeps its metrics (mntr's zk_synced_* values) in a static, so servers sharing a JVM
 * would report each other's.
 */
public final class ZooKeeperProcesses implements EnsembleHosts, AutoCloseable {

  private final Path root;
  private final Map<Integer, EnsembleMember> members = new ConcurrentHashMap<>();
  private final Map<Integer, Process> running = new ConcurrentHashMap<>();
  private final ZooKeeperSuperuser superuser;

  static {
    // every four-letter word would log a line: the watcher asks dozens a second
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.zookeeper.client.FourLetterWordMain", "warn");
  }

  public ZooKeeperProcesses(Path root, ZooKeeperSuperuser superuser) {
    this.root = root;
    this.superuser = superuser;
  }

  /**
   * Members 1..count on loopback with free ports, named z1..zN. Every port is held open until all
   * are chosen: a port closed at once may be handed out again by the next request.
   */
  List<EnsembleMember> newMembers(int count) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count * 3; i++) {
        held.add(new ServerSocket(0));
      }
      List<EnsembleMember> created = new ArrayList<>();
      for (int id = 1; id <= count; id++) {
        int base = (id - 1) * 3;
        EnsembleMember member = new EnsembleMember(id, "z" + id, "127.0.0.1", held.get(base).getLocalPort(),
            held.get(base + 1).getLocalPort(), "127.0.0.1:" + held.get(base + 2).getLocalPort());
        members.put(id, member);
        created.add(member);
      }
      return created;
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
  }

  /**
   * One member per address, all on the same three ports as an inventory has them (each binds its
   * own address), ids 1..N in the addresses' order. The ports are chosen free on every address.
   */
  public List<EnsembleMember> membersOn(List<String> addresses, int clientPort, int peerPort, int electionPort) {
    List<EnsembleMember> created = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      String address = addresses.get(i);
      EnsembleMember member = new EnsembleMember(i + 1, "h" + (i + 1), address, peerPort, electionPort,
          address + ":" + clientPort);
      members.put(member.id(), member);
      created.add(member);
    }
    return created;
  }

  /** A port no one listens on at any of {@code addresses}, above {@code from}. */
  public static int portFreeOn(List<String> addresses, int from) throws IOException {
    for (int port = from; port < from + 2000; port++) {
      if (freeOnAll(addresses, port)) {
        return port;
      }
    }
    throw new IOException("no free port from " + from + " on " + addresses);
  }

  private static boolean freeOnAll(List<String> addresses, int port) {
    for (String address : addresses) {
      try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getByName(address))) {
        socket.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** Starts every member with all of them as the membership, and waits for a synced quorum. */
  public void startEnsemble(List<EnsembleMember> of) throws Exception {
    for (EnsembleMember member : of) {
      start(member, of);
    }
    new dev.steward.coordinator.gate.Gate(java.time.Duration.ofMillis(100)).await("quorum",
        () -> of.stream().anyMatch(m -> ask(m, "mntr").map(MemberAnswers::monitor)
            .map(v -> String.valueOf(of.size() - 1).equals(v.get("zk_synced_followers"))).orElse(false)),
        Boolean::booleanValue, synced -> "not yet", java.time.Duration.ofSeconds(90),
        dev.steward.coordinator.progress.Progress.silent());
  }

  @Override
  public void start(EnsembleMember member, List<EnsembleMember> joinWith) throws IOException {
    Path dir = root.resolve("z" + member.id());
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/myid"), member.id() + "\n");
    Path dynamic = dir.resolve("zoo.cfg.dynamic");
    Files.writeString(dynamic, joinWith.stream().map(EnsembleMember::configLine).collect(Collectors.joining("\n"))
        + "\n");
    Path cfg = dir.resolve("zoo.cfg");
    Files.writeString(cfg, String.join("\n",
        "tickTime=200", "initLimit=50", "syncLimit=25",
        "dataDir=" + dir.resolve("data"),
        "reconfigEnabled=true", "standaloneEnabled=false",
        "4lw.commands.whitelist=*", "admin.enableServer=false",
        "dynamicConfigFile=" + dynamic) + "\n");
    launch(member, cfg);
  }

  /**
   * Starts {@code member} from a configuration file written elsewhere (Steward's own renderer, in
   * a test of what runs today); its log goes beside the file.
   */
  public void launch(EnsembleMember member, Path cfg) throws IOException {
    members.putIfAbsent(member.id(), member);
    Path dir = cfg.getParent();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // small and quick to start: seven of them share two cores with the test
    Process process = new ProcessBuilder(java.toString(), "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "-cp", System.getProperty("java.class.path"), superuser.jvmOption(),
        "-Dzookeeper.jmx.log4j.disable=true",
        "-Dorg.slf4j.simpleLogger.log.org.apache.zookeeper.server.NIOServerCnxn=warn",
        "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfg.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("zookeeper.log").toFile()).start();
    running.put(member.id(), process);
  }

  @Override
  public void stop(EnsembleMember member) throws IOException {
    Process process = running.remove(member.id());
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  String logTail(EnsembleMember member, int lines) {
    try {
      List<String> all = Files.readAllLines(root.resolve("z" + member.id()).resolve("zookeeper.log"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }

  boolean isRunning(int id) {
    return running.containsKey(id);
  }

  List<EnsembleMember> runningMembers() {
    return running.keySet().stream().sorted().map(members::get).toList();
  }

  @Override
  public Optional<String> ask(EnsembleMember member, String word) {
    EnsembleMember known = members.getOrDefault(member.id(), member);
    try {
      String[] client = known.client().split(":");
      return Optional.of(FourLetterWordMain.send4LetterWord(client[0], Integer.parseInt(client[1]), word, false,
          2000));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  String connectString(List<EnsembleMember> of) {
    return of.stream().map(m -> members.get(m.id()).client()).collect(Collectors.joining(","));
  }

  @Override
  public void close() throws IOException {
    for (EnsembleMember member : new ArrayList<>(runningMembers())) {
      stop(member);
    }
  }
}
