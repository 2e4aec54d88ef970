package dev.steward.coordinator.adopt;

import dev.steward.agent.v1.InspectedDirectory;
import dev.steward.agent.v1.InspectedFile;
import dev.steward.agent.v1.InspectedUnit;
import dev.steward.common.inventory.GuideDefaults;
import dev.steward.common.inventory.PropertyRules;
import dev.steward.common.render.BuiltInDefaults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the agents found on hand-built hosts into the inventory that reproduces them, the
 * mismatches between hosts and the changes Steward would make. Pure: the hosts' answers in, a
 * decision (or a refusal naming the host and the fix) out.
 *
 * <p>The inventory reproduces the running configuration rather than the guide's: a setting that
 * differs from what Steward would render becomes an override, and a key Steward renders that the
 * file leaves out gets the value the service uses without it ({@link BuiltInDefaults}), so
 * rendering the inventory changes no effective setting ({@link EffectiveConfig}).
 */
public final class AdoptionDecider {

  static final String SERVER_PROPERTIES = "server.properties";
  static final String ZOOKEEPER_PROPERTIES = "zookeeper.properties";

  /** The core jar of a distribution: kafka_<scala>-<version>.jar. */
  private static final Pattern CORE_JAR = Pattern.compile("kafka_(\\d+\\.\\d+)-(\\d+\\.\\d+\\.\\d+)\\.jar");
  private static final Pattern SERVER_LINE = Pattern.compile("server\\.(\\d+)");
  private static final Pattern PLAINTEXT_LISTENER = Pattern.compile("PLAINTEXT://(\\[[^\\]]+\\]|[^:\\[\\]]+):(\\d+)");
  private static final Pattern XMX = Pattern.compile("-Xmx(\\d+[kKmMgGtT]?)(?:\\s|\"|$)");
  private static final Pattern HEAP_ENVIRONMENT = Pattern.compile("KAFKA_HEAP_OPTS=([^\\n]*)");

  /** Node-specific keys of server.properties (the guide's three lines, and the rack). */
  static final Set<String> SERVER_NODE_KEYS = Set.of("broker.id", "listeners", "advertised.listeners",
      "broker.rack");
  /** Node-specific keys of zookeeper.properties (only when each node binds its own address). */
  static final Set<String> ZOOKEEPER_NODE_KEYS = Set.of("clientPortAddress", "admin.serverAddress");
  /** Keys holding paths: real paths in the files, compared and adopted as logical ones. */
  private static final Set<String> PATH_KEYS = Set.of("dataDir", "dataLogDir", "log.dirs", "log.dir");
  /** Steward derives these from fields of its own; any value other than the derived one is refused. */
  private static final Set<String> KAFKA_DERIVED = Set.of("zookeeper.connect", "log.dirs", "log.dir",
      "inter.broker.protocol.version");
  private static final Set<String> KRAFT_KEYS = Set.of("process.roles", "node.id");
  private static final Set<String> FOUR_LETTER_WORDS = Set.of("srvr", "mntr", "ruok", "stat", "conf", "cons",
      "envi", "wchs", "dirs", "isro");
  /** The start scripts' heaps when KAFKA_HEAP_OPTS is not set (kafka-server-start.sh, zookeeper-server-start.sh). */
  static final String KAFKA_SCRIPT_HEAP = "1G";
  static final String ZOOKEEPER_SCRIPT_HEAP = "512M";
  private static final String STEWARD_ZOOKEEPER_HEAP = "512m";

  /** How the coordinator reached the agents: written to the inventory as they are. */
  public record AgentSettings(int port, boolean tls) {
  }

  /** The adoption: the inventory to write and what to tell the user. */
  public record Adoption(AdoptedCluster inventory, List<Mismatch> mismatches, List<PendingChange> pendingChanges,
                         List<String> notes) {

    public Adoption {
      mismatches = List.copyOf(mismatches);
      pendingChanges = List.copyOf(pendingChanges);
      notes = List.copyOf(notes);
    }
  }

  private AdoptionDecider() {
  }

  public static Adoption decide(String cluster, List<InspectedHost> hosts, AgentSettings agent)
      throws AdoptionRefusedException {
    if (hosts.isEmpty()) {
      throw new AdoptionRefusedException("--hosts: no host given; name every host of the cluster");
    }
    return new Run(cluster, hosts, agent).decide();
  }

  /** One decision's working state. */
  private static final class Run {

    private final String cluster;
    private final List<InspectedHost> hosts;
    private final AgentSettings agent;
    private final List<Mismatch> mismatches = new ArrayList<>();
    private final List<PendingChange> pending = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Run(String cluster, List<InspectedHost> hosts, AgentSettings agent) {
      this.cluster = cluster;
      this.hosts = hosts;
      this.agent = agent;
    }

    Adoption decide() throws AdoptionRefusedException {
      String[] version = kafkaVersion();
      List<InspectedHost> zooKeeperHosts = new ArrayList<>();
      List<InspectedHost> brokerHosts = new ArrayList<>();
      for (InspectedHost host : hosts) {
        boolean zk = runsZooKeeper(host);
        boolean kafka = runsKafka(host);
        if (!zk && !kafka) {
          throw new AdoptionRefusedException(host.name() + ": Kafka is installed under "
              + host.installation().getKafkaHome() + " but neither a ZooKeeper node (myid, a server.N line with "
              + host.address() + ", zookeeper.service) nor a broker (listeners in server.properties, kafka.service) "
              + "is set up there; finish the guide's steps 3-5 on it, or leave it out of --hosts");
        }
        if (zk) {
          zooKeeperHosts.add(host);
        }
        if (kafka) {
          brokerHosts.add(host);
        }
      }
      if (zooKeeperHosts.isEmpty()) {
        throw new AdoptionRefusedException("none of the hosts runs ZooKeeper (no myid, no server.N line naming a "
            + "host, no zookeeper.service): add the ensemble's hosts to --hosts");
      }
      if (brokerHosts.isEmpty()) {
        throw new AdoptionRefusedException("none of the hosts runs a broker (no listeners in server.properties, no "
            + "kafka.service): add the brokers' hosts to --hosts");
      }
      Map<String, Integer> myIds = myIds(zooKeeperHosts);
      Map<String, Map<String, String>> zkFiles = files(zooKeeperHosts, ZOOKEEPER_PROPERTIES);
      Map<String, Map<String, String>> serverFiles = files(brokerHosts, SERVER_PROPERTIES);
      Map<String, String> zk = unify(ZOOKEEPER_PROPERTIES, zkFiles, ZOOKEEPER_NODE_KEYS);
      Map<String, String> server = unify(SERVER_PROPERTIES, serverFiles, SERVER_NODE_KEYS);

      ZooKeeperSettings zookeeper = zooKeeper(zk, zkFiles, zooKeeperHosts, myIds);
      KafkaSettings kafka = kafka(server, serverFiles, brokerHosts, zookeeper);
      Install install = install(version);
      units(zooKeeperHosts, brokerHosts);
      notes.add("kernel settings were not read: apply writes the guide's values to /etc/sysctl.d/60-steward.conf "
          + "(sysctl.values; no restart); set sysctl.enabled: false to leave them as they are");
      mismatches.forEach(m -> pending.add(new PendingChange(PendingChange.CONFIG_MISMATCH, m.hostsThatWouldChange(),
          m.describe(), Set.of(m.key()))));

      List<AdoptedCluster.Host> adoptedHosts = new ArrayList<>();
      for (InspectedHost host : hosts) {
        Integer zkId = myIds.get(host.name());
        Map<String, String> file = serverFiles.get(host.name());
        adoptedHosts.add(new AdoptedCluster.Host(host.name(), host.address(),
            zkId == null ? OptionalInt.empty() : OptionalInt.of(zkId),
            file == null ? OptionalInt.empty() : OptionalInt.of(kafka.brokerIds.get(host.name())),
            file == null ? Optional.empty() : Optional.ofNullable(file.get("broker.rack"))));
      }
      AdoptedCluster inventory = new AdoptedCluster(cluster, version[1], version[0], kafka.port, kafka.dataDirs,
          kafka.heap, kafka.config, kafka.interBrokerProtocolVersion, zookeeper.clientPort, zookeeper.peerPort,
          zookeeper.electionPort, zookeeper.dataDir, zookeeper.heap, zookeeper.adminServerEnabled,
          zookeeper.adminServerPort, zookeeper.fourLetterWords, zookeeper.bindClientPort, zookeeper.config,
          install.root, install.user, install.group, agent.port(), agent.tls(), adoptedHosts);
      return new Adoption(inventory, mismatches, pending, notes);
    }

    // ------------------------------------------------------------------ what is installed

    /** {scala, version}: one Kafka version on every host, or a refusal. */
    private String[] kafkaVersion() throws AdoptionRefusedException {
      Map<String, List<String>> hostsByVersion = new TreeMap<>();
      String[] found = null;
      for (InspectedHost host : hosts) {
        var installation = host.installation();
        List<String[]> versions = new ArrayList<>();
        for (String jar : installation.getKafkaJarsList()) {
          Matcher m = CORE_JAR.matcher(jar);
          if (m.matches()) {
            versions.add(new String[] {m.group(1), m.group(2)});
          }
        }
        if (!installation.getKafkaHomeExists() || versions.isEmpty()) {
          throw new AdoptionRefusedException(host.name() + ": no Kafka under " + installation.getKafkaHome()
              + (installation.getKafkaHomeExists() ? " (no libs/kafka_<scala>-<version>.jar)" : " (it does not exist)")
              + ": install Kafka there as the guide's step 2 does, give its directory with --kafka-home, or leave "
              + "this host out of --hosts. Nothing was changed");
        }
        if (versions.size() > 1) {
          throw new AdoptionRefusedException(host.name() + ": " + installation.getKafkaHome() + "/libs holds "
              + versions.size() + " Kafka versions (" + String.join(", ", versions.stream()
                  .map(v -> "kafka_" + v[0] + "-" + v[1] + ".jar").toList()) + "), so which one runs cannot be told: "
              + "remove the jars of the version that is not in use (a distribution unpacked over another), then "
              + "adopt again. Nothing was changed");
        }
        String[] version = versions.get(0);
        hostsByVersion.computeIfAbsent(version[0] + "/" + version[1], k -> new ArrayList<>()).add(host.name());
        found = version;
      }
      if (hostsByVersion.size() > 1) {
        StringBuilder which = new StringBuilder();
        hostsByVersion.forEach((v, names) -> which.append(which.length() == 0 ? "" : "; ")
            .append("kafka_").append(v.replace('/', '-')).append(" on ").append(String.join(", ", names)));
        throw new AdoptionRefusedException("the hosts run different Kafka versions (" + which + "): an inventory "
            + "holds one version; finish the upgrade by hand so every host runs the same one, then adopt again. "
            + "Nothing was changed");
      }
      return found;
    }

    private static boolean runsZooKeeper(InspectedHost host) {
      var installation = host.installation();
      if (installation.getMyid().getExists() || unitFile(host, "zookeeper.service").getExists()) {
        return true;
      }
      if (!readable(installation.getZookeeperProperties())) {
        return false;
      }
      Map<String, String> file = parse(host, installation.getZookeeperProperties());
      return file.entrySet().stream().anyMatch(e -> SERVER_LINE.matcher(e.getKey()).matches()
          && serverAddress(e.getValue()).equals(host.address()));
    }

    private static boolean runsKafka(InspectedHost host) {
      if (unitFile(host, "kafka.service").getExists()) {
        return true;
      }
      var file = host.installation().getServerProperties();
      // the distribution's own server.properties leaves listeners commented out; the guide adds it
      return readable(file) && parse(host, file).containsKey("listeners");
    }

    private Map<String, Integer> myIds(List<InspectedHost> zooKeeperHosts) throws AdoptionRefusedException {
      Map<String, Integer> ids = new LinkedHashMap<>();
      Map<Integer, String> owners = new TreeMap<>();
      for (InspectedHost host : zooKeeperHosts) {
        InspectedFile myid = host.installation().getMyid();
        if (!myid.getExists() || !myid.getProblem().isEmpty()) {
          String where = myid.getPath().isEmpty() ? "dataDir/myid (zookeeper.properties names no dataDir)"
              : myid.getPath();
          throw new AdoptionRefusedException(host.name() + ": runs ZooKeeper but " + where + " "
              + (myid.getProblem().isEmpty() ? "does not exist" : "cannot be read: " + myid.getProblem())
              + ": write its id as the guide's step 3 does (echo N > " + where + ", N its server.N line), then "
              + "adopt again. Nothing was changed");
        }
        int id;
        try {
          id = Integer.parseInt(myid.getContent().strip());
        } catch (NumberFormatException e) {
          id = -1;
        }
        if (id < 1 || id > 255) {
          throw new AdoptionRefusedException(host.name() + ": " + myid.getPath() + " holds '"
              + myid.getContent().strip() + "', not an id from 1 to 255: correct it to the N of the host's server.N "
              + "line. Nothing was changed");
        }
        String other = owners.putIfAbsent(id, host.name());
        if (other != null) {
          throw new AdoptionRefusedException(host.name() + " and " + other + " both hold ZooKeeper id " + id
              + " in myid: every node needs its own id (the N of its server.N line); correct one of them. "
              + "Nothing was changed");
        }
        ids.put(host.name(), id);
      }
      return ids;
    }

    // ------------------------------------------------------------------ files across hosts

    /** Each host's file, paths made logical, zookeeper.connect in a canonical order. */
    private static Map<String, Map<String, String>> files(List<InspectedHost> owners, String name)
        throws AdoptionRefusedException {
      Map<String, Map<String, String>> files = new LinkedHashMap<>();
      for (InspectedHost host : owners) {
        InspectedFile file = name.equals(SERVER_PROPERTIES) ? host.installation().getServerProperties()
            : host.installation().getZookeeperProperties();
        if (!readable(file)) {
          throw new AdoptionRefusedException(host.name() + ": " + file.getPath() + " "
              + (file.getProblem().isEmpty() ? "does not exist" : "cannot be read: " + file.getProblem())
              + ", though the host runs " + (name.equals(SERVER_PROPERTIES) ? "a broker" : "ZooKeeper")
              + ": give the file's path with --" + (name.equals(SERVER_PROPERTIES) ? "server" : "zookeeper")
              + "-properties. Nothing was changed");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (var entry : parse(host, file).entrySet()) {
          String value = entry.getValue();
          if (PATH_KEYS.contains(entry.getKey())) {
            value = logicalPaths(host, entry.getKey(), value);
          } else if (entry.getKey().equals(GuideDefaults.ZOOKEEPER_CONNECT)) {
            value = String.join(",", new TreeSet<>(Arrays.asList(value.split(","))));
          }
          values.put(entry.getKey(), value);
        }
        files.put(host.name(), values);
      }
      return files;
    }

    /**
     * One value per key across the hosts: the one most hosts have (ties: the earliest host's), and a
     * {@link Mismatch} whenever they differ. Node-specific keys are left to each host.
     */
    private Map<String, String> unify(String fileName, Map<String, Map<String, String>> files, Set<String> nodeKeys) {
      Set<String> keys = new LinkedHashSet<>();
      files.values().forEach(f -> keys.addAll(f.keySet()));
      Map<String, String> unified = new LinkedHashMap<>();
      for (String key : keys) {
        if (nodeKeys.contains(key)) {
          continue;
        }
        Map<String, String> byHost = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        files.forEach((host, file) -> {
          String value = file.getOrDefault(key, Mismatch.ABSENT);
          byHost.put(host, value);
          counts.merge(value, 1, Integer::sum);
        });
        String adopted = counts.entrySet().stream().max((a, b) -> Integer.compare(a.getValue(), b.getValue()))
            .map(Map.Entry::getKey).orElseThrow();
        // max keeps the last of equal counts; prefer the earliest host's value on a tie
        int best = counts.get(adopted);
        adopted = counts.entrySet().stream().filter(e -> e.getValue() == best).findFirst().orElseThrow().getKey();
        if (counts.size() > 1) {
          mismatches.add(new Mismatch(fileName, key, byHost, adopted));
        }
        if (!adopted.equals(Mismatch.ABSENT)) {
          unified.put(key, adopted);
        }
      }
      return unified;
    }

    // ------------------------------------------------------------------ ZooKeeper

    private static final class ZooKeeperSettings {
      int clientPort;
      int peerPort;
      int electionPort;
      String dataDir;
      Optional<String> heap = Optional.empty();
      boolean adminServerEnabled;
      int adminServerPort;
      List<String> fourLetterWords = List.of();
      boolean bindClientPort;
      final Map<String, String> config = new LinkedHashMap<>();
      final Map<Integer, String> addressById = new TreeMap<>();
    }

    private ZooKeeperSettings zooKeeper(Map<String, String> zk, Map<String, Map<String, String>> files,
        List<InspectedHost> zooKeeperHosts, Map<String, Integer> myIds) throws AdoptionRefusedException {
      ZooKeeperSettings settings = new ZooKeeperSettings();
      Map<String, String> rest = new LinkedHashMap<>(zk);
      settings.dataDir = required(rest, "dataDir", ZOOKEEPER_PROPERTIES);
      rest.remove("dataDir");
      settings.clientPort = port(rest.remove("clientPort"), "2181", "clientPort");

      // server.N lines: every member is an adopted host with that myid
      Integer peer = null;
      Integer election = null;
      for (String key : List.copyOf(rest.keySet())) {
        Matcher m = SERVER_LINE.matcher(key);
        if (!m.matches()) {
          continue;
        }
        String value = rest.remove(key);
        String[] parts = value.split(";")[0].split(":");
        if (parts.length < 3) {
          throw new AdoptionRefusedException(ZOOKEEPER_PROPERTIES + " " + key + "=" + value + " is not "
              + "address:peerPort:electionPort; correct it on every node");
        }
        int id = Integer.parseInt(m.group(1));
        String address = parts[0];
        int thisPeer = port(parts[1], null, key + " peer port");
        int thisElection = port(parts[2], null, key + " election port");
        if ((peer != null && peer != thisPeer) || (election != null && election != thisElection)) {
          throw new AdoptionRefusedException(ZOOKEEPER_PROPERTIES + ": the server.N lines use different peer or "
              + "election ports; an inventory holds one pair (zookeeper.peerPort, zookeeper.electionPort) for all "
              + "members: make them the same on every node first");
        }
        peer = thisPeer;
        election = thisElection;
        String holder = myIds.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst()
            .orElse(null);
        InspectedHost owner = holder == null ? null
            : zooKeeperHosts.stream().filter(h -> h.name().equals(holder)).findFirst().orElseThrow();
        if (owner == null) {
          throw new AdoptionRefusedException(ZOOKEEPER_PROPERTIES + " " + key + "=" + value + ": no host given to "
              + "--hosts holds myid " + id + ": add that member's host (" + address + ") to --hosts, or remove the "
              + "line if the member is gone. Nothing was changed");
        }
        if (!owner.address().equals(address)) {
          throw new AdoptionRefusedException(owner.name() + " holds myid " + id + " but " + key + " names "
              + address + ", not " + owner.address() + " (its --hosts address): give --hosts the address the "
              + "ensemble uses for it. Nothing was changed");
        }
        settings.addressById.put(id, address);
      }
      for (var entry : myIds.entrySet()) {
        if (!settings.addressById.containsKey(entry.getValue())) {
          throw new AdoptionRefusedException(entry.getKey() + ": myid " + entry.getValue() + " has no server."
              + entry.getValue() + " line in " + ZOOKEEPER_PROPERTIES + ": add the line on every node (the guide's "
              + "step 3), then adopt again. Nothing was changed");
        }
      }
      settings.peerPort = peer == null ? 2888 : peer;
      settings.electionPort = election == null ? 3888 : election;

      // each node binding its own address (the sandbox), or none of them
      long binding = zooKeeperHosts.stream().filter(h -> files.get(h.name()).containsKey("clientPortAddress"))
          .count();
      for (InspectedHost host : zooKeeperHosts) {
        String bound = files.get(host.name()).get("clientPortAddress");
        if (bound != null && !bound.equals(host.address())) {
          throw new AdoptionRefusedException(host.name() + ": clientPortAddress=" + bound + " is not the host's "
              + "address " + host.address() + "; Steward binds each node to its own address or none: remove the "
              + "line or give --hosts that address. Nothing was changed");
        }
      }
      if (binding != 0 && binding != zooKeeperHosts.size()) {
        throw new AdoptionRefusedException("clientPortAddress is set on some ZooKeeper nodes but not on others: "
            + "set it on all (each its own address) or none, then adopt again. Nothing was changed");
      }
      settings.bindClientPort = binding > 0;

      settings.adminServerEnabled = Boolean.parseBoolean(rest.getOrDefault("admin.enableServer",
          BuiltInDefaults.ZOOKEEPER.get("admin.enableServer")).strip());
      rest.remove("admin.enableServer");
      settings.adminServerPort = port(rest.remove("admin.serverPort"), BuiltInDefaults.ZOOKEEPER.get("admin.serverPort"),
          "admin.serverPort");

      String whitelist = rest.remove("4lw.commands.whitelist");
      List<String> words = whitelist == null ? List.of()
          : Arrays.stream(whitelist.split(",")).map(String::strip).filter(w -> !w.isEmpty()).distinct().toList();
      if (whitelist != null && words.contains("srvr") && words.contains("mntr") && FOUR_LETTER_WORDS.containsAll(words)) {
        settings.fourLetterWords = words;
      } else {
        pending.add(new PendingChange(PendingChange.ZOOKEEPER_FOUR_LETTER_WORDS,
            zooKeeperHosts.stream().map(InspectedHost::name).toList(),
            "4lw.commands.whitelist is " + (whitelist == null ? "not set (ZooKeeper allows only srvr)" : whitelist)
                + "; Steward's health gates read srvr and mntr, so apply writes srvr,mntr,ruok,stat "
                + "(zookeeper.fourLetterWords) and rolls the ensemble one node at a time",
            Set.of("4lw.commands.whitelist")));
      }

      for (String key : GuideDefaults.ZOOKEEPER_PROPERTIES.keySet()) {
        String value = rest.remove(key);
        if (value == null) {
          value = BuiltInDefaults.ZOOKEEPER.get(key);
          if (value == null) {
            settingAdded(ZOOKEEPER_PROPERTIES, key, GuideDefaults.ZOOKEEPER_PROPERTIES.get(key),
                zooKeeperHosts);
            continue;
          }
        }
        if (!value.equals(GuideDefaults.ZOOKEEPER_PROPERTIES.get(key))) {
          settings.config.put(key, checkedValue(ZOOKEEPER_PROPERTIES, key, value));
        }
      }
      rest.remove("admin.serverAddress"); // rendered with the binding, from each host's address
      for (var entry : rest.entrySet()) {
        settings.config.put(entry.getKey(), checkedValue(ZOOKEEPER_PROPERTIES, entry.getKey(), entry.getValue()));
      }
      settings.heap = heap(zooKeeperHosts, "zookeeper.service", ZOOKEEPER_SCRIPT_HEAP)
          .filter(h -> !h.equalsIgnoreCase(STEWARD_ZOOKEEPER_HEAP));
      return settings;
    }

    // ------------------------------------------------------------------ Kafka

    private static final class KafkaSettings {
      int port;
      List<String> dataDirs = List.of();
      Optional<String> heap = Optional.empty();
      final Map<String, String> config = new LinkedHashMap<>();
      Optional<String> interBrokerProtocolVersion = Optional.empty();
      final Map<String, Integer> brokerIds = new LinkedHashMap<>();
    }

    private KafkaSettings kafka(Map<String, String> server, Map<String, Map<String, String>> files,
        List<InspectedHost> brokerHosts, ZooKeeperSettings zookeeper) throws AdoptionRefusedException {
      KafkaSettings settings = new KafkaSettings();
      for (String key : KRAFT_KEYS) {
        if (server.containsKey(key)) {
          throw new AdoptionRefusedException(SERVER_PROPERTIES + " sets " + key + ": that is a KRaft broker, and "
              + "Steward runs Kafka in ZooKeeper mode as the guide does. Nothing was changed");
        }
      }
      Map<Integer, String> owners = new TreeMap<>();
      Integer port = null;
      for (InspectedHost host : brokerHosts) {
        Map<String, String> file = files.get(host.name());
        String id = file.get("broker.id");
        int brokerId;
        try {
          brokerId = Integer.parseInt(id == null ? "" : id.strip());
        } catch (NumberFormatException e) {
          brokerId = -1;
        }
        if (brokerId < 0) {
          throw new AdoptionRefusedException(host.name() + ": " + SERVER_PROPERTIES + " has "
              + (id == null ? "no broker.id" : "broker.id=" + id + ", not a number from 0") + ": Steward needs "
              + "each broker's fixed id; add the id the broker registered with (ls /brokers/ids in ZooKeeper). "
              + "Nothing was changed");
        }
        String other = owners.putIfAbsent(brokerId, host.name());
        if (other != null) {
          throw new AdoptionRefusedException(host.name() + " and " + other + " both have broker.id=" + brokerId
              + ": two brokers cannot share an id; correct one of them. Nothing was changed");
        }
        settings.brokerIds.put(host.name(), brokerId);
        int listenerPort = listenerPort(host, file);
        if (port != null && port != listenerPort) {
          throw new AdoptionRefusedException("the brokers listen on different ports (" + port + " and "
              + listenerPort + " on " + host.name() + "): an inventory holds one kafka.port; make them the same "
              + "first. Nothing was changed");
        }
        port = listenerPort;
      }
      settings.port = port;

      Map<String, String> rest = new LinkedHashMap<>(server);
      String dirs = rest.containsKey("log.dirs") ? rest.get("log.dirs") : rest.get("log.dir");
      if (dirs == null) {
        throw new AdoptionRefusedException(SERVER_PROPERTIES + " sets neither log.dirs nor log.dir, so the brokers "
            + "keep their data in Kafka's default /tmp/kafka-logs, which the next reboot may empty: set log.dirs "
            + "as the guide's step 4 does (and move the data there) before adopting. Nothing was changed");
      }
      settings.dataDirs = Arrays.stream(dirs.split(",")).map(String::strip).filter(d -> !d.isEmpty()).toList();
      rest.remove("log.dirs");
      rest.remove("log.dir");

      String connect = rest.remove(GuideDefaults.ZOOKEEPER_CONNECT);
      String ensemble = String.join(",", new TreeSet<>(zookeeper.addressById.values().stream()
          .map(a -> dev.steward.common.inventory.HostSpec.hostPort(a, zookeeper.clientPort)).toList()));
      if (connect == null || !connect.equals(ensemble)) {
        throw new AdoptionRefusedException(SERVER_PROPERTIES + " zookeeper.connect="
            + (connect == null ? "(absent)" : connect) + " is not the ensemble's members (" + ensemble + ")"
            + (connect != null && connect.contains("/") ? ", and a chroot is not supported" : "")
            + ": Steward derives it from the ZooKeeper hosts; adopt every member, or correct the line. "
            + "Nothing was changed");
      }
      Optional.ofNullable(rest.remove("inter.broker.protocol.version"))
          .ifPresent(v -> settings.interBrokerProtocolVersion = Optional.of(v));

      String controlledShutdown = rest.remove("controlled.shutdown.enable");
      if (controlledShutdown != null && !controlledShutdown.equalsIgnoreCase("true")) {
        pending.add(new PendingChange(PendingChange.CONTROLLED_SHUTDOWN,
            brokerHosts.stream().map(InspectedHost::name).toList(), "controlled.shutdown.enable=" + controlledShutdown
                + ": Steward's rolling restarts depend on a controlled shutdown, so apply writes true",
            Set.of("controlled.shutdown.enable")));
      }

      Map<String, String> stewardDefaults = new LinkedHashMap<>(GuideDefaults.SERVER_PROPERTIES);
      stewardDefaults.putAll(GuideDefaults.HIGH_AVAILABILITY);
      stewardDefaults.remove("controlled.shutdown.enable");
      for (var entry : stewardDefaults.entrySet()) {
        String key = entry.getKey();
        String value = rest.remove(key);
        if (value == null) {
          value = BuiltInDefaults.KAFKA.get(key);
          if (value == null) {
            settingAdded(SERVER_PROPERTIES, key, entry.getValue(), brokerHosts);
            continue;
          }
        }
        if (!value.equals(entry.getValue())) {
          settings.config.put(key, checkedValue(SERVER_PROPERTIES, key, value));
        }
      }
      for (var entry : rest.entrySet()) {
        if (KAFKA_DERIVED.contains(entry.getKey())) {
          continue;
        }
        settings.config.put(entry.getKey(), checkedValue(SERVER_PROPERTIES, entry.getKey(), entry.getValue()));
      }
      settings.heap = heap(brokerHosts, "kafka.service", KAFKA_SCRIPT_HEAP)
          .filter(h -> !h.equalsIgnoreCase(GuideDefaults.KAFKA_HEAP));
      if (settings.config.containsKey("min.insync.replicas") || settings.config.containsKey("default.replication.factor")) {
        notes.add("the guide's high-availability recommendations (default.replication.factor=3, "
            + "min.insync.replicas=2) are not in effect on these brokers; the inventory keeps what runs ("
            + settings.config.getOrDefault("default.replication.factor", "3") + ", "
            + settings.config.getOrDefault("min.insync.replicas", "2") + "). Remove the two overrides from kafka.config "
            + "to have apply roll them in");
      }
      return settings;
    }

    /** listeners must be Steward's one PLAINTEXT listener on the host's address; advertised.listeners the same. */
    private static int listenerPort(InspectedHost host, Map<String, String> file) throws AdoptionRefusedException {
      String listeners = file.get("listeners");
      String expected = "PLAINTEXT://" + dev.steward.common.inventory.HostSpec.hostPort(host.address(), 0);
      Matcher m = listeners == null ? null : PLAINTEXT_LISTENER.matcher(listeners.strip());
      String listenerHost = m != null && m.matches() ? m.group(1).replaceAll("^\\[|\\]$", "") : null;
      if (listenerHost == null || !listenerHost.equals(host.address())) {
        throw new AdoptionRefusedException(host.name() + ": listeners=" + (listeners == null ? "(absent)" : listeners)
            + " is not one PLAINTEXT listener on the host's address " + host.address() + " (" + expected
            .replace(":0", ":PORT") + "), which is what Steward renders: give --hosts the address the listener "
            + "names, or change the listener by hand first. Nothing was changed");
      }
      String advertised = file.get("advertised.listeners");
      if (advertised != null && !advertised.strip().equals(listeners.strip())) {
        throw new AdoptionRefusedException(host.name() + ": advertised.listeners=" + advertised + " differs from "
            + "listeners=" + listeners + "; Steward renders both the same: make them equal first. "
            + "Nothing was changed");
      }
      return Integer.parseInt(m.group(2));
    }

    // ------------------------------------------------------------------ installation and units

    private record Install(String root, Optional<String> user, Optional<String> group) {
    }

    private Install install(String[] version) throws AdoptionRefusedException {
      InspectedHost first = hosts.get(0);
      String home = first.installation().getKafkaHome();
      for (InspectedHost host : hosts) {
        if (!host.installation().getKafkaHome().equals(home)) {
          throw new AdoptionRefusedException("the hosts were inspected with different Kafka homes; adopt them with "
              + "one --kafka-home");
        }
      }
      int slash = home.lastIndexOf('/');
      if (!home.substring(slash + 1).equals("kafka") || slash < 0) {
        throw new AdoptionRefusedException("--kafka-home " + home + ": Steward keeps the active Kafka behind "
            + "<install.root>/kafka (the guide's /opt/kafka), so the installation must be reachable as a directory "
            + "named kafka; link it there first. Nothing was changed");
      }
      String root = slash == 0 ? "/" : home.substring(0, slash);
      List<String> directories = hosts.stream().filter(h -> !h.installation().getKafkaHomeIsLink())
          .map(InspectedHost::name).toList();
      if (!directories.isEmpty()) {
        String versioned = root.equals("/") ? "/kafka_" + version[0] + "-" + version[1]
            : root + "/kafka_" + version[0] + "-" + version[1];
        pending.add(new PendingChange(PendingChange.KAFKA_HOME_NOT_A_LINK, directories, home + " is the "
            + "distribution's directory itself (the guide's mv), while Steward keeps each version in its own "
            + "directory and " + home + " as a link to the active one (so an upgrade can switch back). apply "
            + "refuses to replace a directory: before it, on each of these hosts, run `mv " + home + " "
            + versioned + " && ln -s " + versioned + " " + home + "` (the running services keep their open files, "
            + "and the same paths resolve afterwards)", Set.of()));
      }
      // the services' user: the units' User=/Group= where systemd runs them (the guide's kafka), else the
      // installation's owner; an agent running as that owner itself (the sandbox) manages no user at all
      Optional<String[]> unitAccount = hosts.stream().map(h -> unitAccount(unitFile(h, "kafka.service")))
          .flatMap(Optional::stream).findFirst();
      String owner = unitAccount.map(a -> a[0]).orElse(first.installation().getKafkaHomeOwner());
      String group = unitAccount.map(a -> a[1]).orElse(first.installation().getKafkaHomeGroup());
      if (unitAccount.isEmpty() && hosts.stream().allMatch(h -> !h.installation().getAgentUser().isEmpty()
          && h.installation().getKafkaHomeOwner().equals(h.installation().getAgentUser()))) {
        return new Install(root, Optional.of(""), Optional.of(""));
      }
      Optional<String> user = owner.isEmpty() || owner.equals(GuideDefaults.SERVICE_USER) ? Optional.empty()
          : Optional.of(owner);
      Optional<String> userGroup = user.isEmpty() || group.isEmpty() ? Optional.empty() : Optional.of(group);
      return new Install(root, user, userGroup);
    }

    /** {User, Group} of a unit file (Group defaults to User, as systemd does for the primary group). */
    private static Optional<String[]> unitAccount(InspectedFile unit) {
      if (!unit.getExists()) {
        return Optional.empty();
      }
      Matcher user = Pattern.compile("(?m)^\\s*User\\s*=\\s*(\\S+)\\s*$").matcher(unit.getContent());
      if (!user.find()) {
        return Optional.empty();
      }
      Matcher group = Pattern.compile("(?m)^\\s*Group\\s*=\\s*(\\S+)\\s*$").matcher(unit.getContent());
      return Optional.of(new String[] {user.group(1), group.find() ? group.group(1) : user.group(1)});
    }

    /** The guide's units: what Steward's own units do differently, by name. */
    private void units(List<InspectedHost> zooKeeperHosts, List<InspectedHost> brokerHosts) {
      Map<String, List<String>> forking = new LinkedHashMap<>();
      List<String> requires = new ArrayList<>();
      Map<String, List<String>> missing = new LinkedHashMap<>();
      for (InspectedHost host : hosts) {
        if (!host.installation().getSystemd()) {
          continue; // the agent's supervisor runs the services (the sandbox): no units to convert
        }
        for (String unit : List.of("zookeeper.service", "kafka.service")) {
          boolean runs = unit.startsWith("zookeeper") ? zooKeeperHosts.contains(host) : brokerHosts.contains(host);
          if (!runs) {
            continue;
          }
          InspectedFile file = unitFile(host, unit);
          if (!file.getExists()) {
            missing.computeIfAbsent(unit, u -> new ArrayList<>()).add(host.name());
            continue;
          }
          String text = file.getContent();
          if (text.matches("(?s).*\\n\\s*Type\\s*=\\s*forking\\b.*") || text.contains(" -daemon ")) {
            forking.computeIfAbsent(unit, u -> new ArrayList<>()).add(host.name());
          }
          if (unit.equals("kafka.service") && text.matches("(?s).*\\n\\s*Requires\\s*=[^\\n]*zookeeper\\.service.*")) {
            requires.add(host.name());
          }
        }
      }
      forking.forEach((unit, names) -> pending.add(new PendingChange(PendingChange.UNIT_TYPE_FORKING, names,
          unit + " is Type=forking and starts the " + (unit.startsWith("zookeeper") ? "ZooKeeper" : "Kafka")
              + " script with -daemon: the script exits after starting the JVM in the background, so systemd "
              + "tracks whichever process it guesses and Restart=always does not reliably see a crash. apply "
              + "rewrites the unit to run the JVM directly (Type=simple, heap and options from the inventory) and "
              + "restarts the service through the rolling restart, one host at a time", Set.of())));
      if (!requires.isEmpty()) {
        pending.add(new PendingChange(PendingChange.UNIT_REQUIRES_ZOOKEEPER, requires, "kafka.service has "
            + "Requires=zookeeper.service: a `systemctl restart zookeeper` then restarts the host's broker too, "
            + "outside any availability check; Steward's unit uses Wants= + After= instead (changed with the unit "
            + "rewrite above, in the same restart)", Set.of()));
      }
      missing.forEach((unit, names) -> pending.add(new PendingChange(PendingChange.UNIT_MISSING, names, "no "
          + "/etc/systemd/system/" + unit + ": the service is not run by systemd there; apply installs Steward's "
          + "unit, which cannot take over a process started another way: stop that process by hand when apply "
          + "reports the port in use", Set.of())));
    }

    /** The heap the units give the JVM: KAFKA_HEAP_OPTS's -Xmx, else the start script's default. */
    private Optional<String> heap(List<InspectedHost> owners, String unit, String scriptDefault) {
      Set<String> heaps = new LinkedHashSet<>();
      for (InspectedHost host : owners) {
        InspectedFile file = unitFile(host, unit);
        if (!file.getExists()) {
          continue;
        }
        String heap = scriptDefault;
        Matcher environment = HEAP_ENVIRONMENT.matcher(file.getContent());
        if (environment.find()) {
          Matcher xmx = XMX.matcher(environment.group(1));
          if (xmx.find()) {
            heap = xmx.group(1);
          }
        }
        heaps.add(heap);
      }
      if (heaps.size() > 1) {
        notes.add(unit + " gives the JVM different heaps on different hosts (" + String.join(", ", heaps)
            + "); the inventory keeps the first, " + heaps.iterator().next() + " (kafka.heap/zookeeper.heap)");
      }
      return heaps.stream().findFirst();
    }

    // ------------------------------------------------------------------ helpers

    private void settingAdded(String file, String key, String stewardValue, List<InspectedHost> owners) {
      pending.add(new PendingChange(PendingChange.SETTING_ADDED, owners.stream().map(InspectedHost::name).toList(),
          file + " does not set " + key + "; Steward writes the guide's " + key + "=" + stewardValue
              + ". Add it to the inventory's config if the service's own default is what you want",
          Set.of(key)));
    }

    private static String checkedValue(String file, String key, String value) throws AdoptionRefusedException {
      Optional<String> problem = PropertyRules.propertyKeyProblem(key).or(() -> PropertyRules.valueProblem(value));
      if (problem.isPresent()) {
        throw new AdoptionRefusedException(file + " " + key + ": " + problem.get() + "; an inventory cannot carry "
            + "it as written. Correct it by hand on every host, then adopt again. Nothing was changed");
      }
      return value;
    }

    private static String required(Map<String, String> values, String key, String file)
        throws AdoptionRefusedException {
      String value = values.get(key);
      if (value == null || value.isEmpty()) {
        throw new AdoptionRefusedException(file + " names no " + key + "; set it as the guide does, then adopt "
            + "again. Nothing was changed");
      }
      return value;
    }

    private static int port(String value, String fallback, String what) throws AdoptionRefusedException {
      String text = value == null ? fallback : value.strip();
      try {
        int port = Integer.parseInt(text);
        if (port >= 1 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new AdoptionRefusedException(what + " '" + text + "' is not a port from 1 to 65535; correct it on "
          + "every host. Nothing was changed");
    }

    private static String logicalPaths(InspectedHost host, String key, String value) throws AdoptionRefusedException {
      String root = host.installation().getHostRoot();
      List<String> logical = new ArrayList<>();
      for (String path : value.split(",")) {
        String real = path.strip();
        if (real.isEmpty()) {
          continue;
        }
        if (root.isEmpty() || root.equals("/")) {
          logical.add(real);
        } else if (real.startsWith(root + "/")) {
          logical.add(real.substring(root.length()));
        } else {
          throw new AdoptionRefusedException(host.name() + ": " + key + "=" + real + " lies outside the agent's "
              + "host root " + root + ", so Steward could not manage it; move the data under it. Nothing was changed");
        }
      }
      return String.join(",", logical);
    }

    private static InspectedFile unitFile(InspectedHost host, String name) {
      return host.installation().getUnitsList().stream().filter(u -> u.getName().equals(name))
          .map(InspectedUnit::getFile).findFirst().orElse(InspectedFile.getDefaultInstance());
    }

    private static boolean readable(InspectedFile file) {
      return file.getExists() && file.getProblem().isEmpty();
    }

    private static Map<String, String> parse(InspectedHost host, InspectedFile file) {
      try {
        return PropertiesFile.parse(file.getContent());
      } catch (IllegalArgumentException e) {
        return Map.of();
      }
    }

    private static String serverAddress(String serverLine) {
      return serverLine.split(";")[0].split(":")[0];
    }
  }

  /** The directories the files name that do not exist: reported, adoption does not create them. */
  public static List<String> missingDirectories(List<InspectedHost> hosts) {
    List<String> missing = new ArrayList<>();
    for (InspectedHost host : hosts) {
      for (InspectedDirectory directory : host.installation().getDataDirectoriesList()) {
        if (!directory.getExists()) {
          missing.add(host.name() + ": " + directory.getKey() + " " + directory.getPath()
              + (directory.getProblem().isEmpty() ? " does not exist" : ": " + directory.getProblem()));
        }
      }
    }
    return missing;
  }
}
