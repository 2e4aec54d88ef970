package dev.steward.packaging.kafkadist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the freshly built kafka_2.13-VERSION.tgz of the module running it (the kafka-dist
 * parent passes the version and paths as system properties): checksum file, archive layout
 * and modes, the exact jar set, that every bin/ script's main class exists in libs/, and that
 * a script really runs. Starts no broker; other integration tests do that.
 */
class KafkaDistributionIT {

  private static final List<String> BIN_SCRIPTS = List.of(
      "kafka-run-class.sh",
      "kafka-topics.sh",
      "kafka-console-producer.sh",
      "kafka-console-consumer.sh",
      "kafka-consumer-groups.sh",
      "kafka-configs.sh",
      "kafka-leader-election.sh",
      "kafka-reassign-partitions.sh",
      "kafka-broker-api-versions.sh",
      "kafka-get-offsets.sh",
      "zookeeper-shell.sh",
      "kafka-server-start.sh",
      "zookeeper-server-start.sh",
      "connect-distributed.sh",
      "kafka-server-stop.sh",
      "zookeeper-server-stop.sh");

  /** Scripts that run no class: they signal the JVMs the start scripts' -daemon mode left running. */
  private static final List<String> STOP_SCRIPTS = List.of("kafka-server-stop.sh", "zookeeper-server-stop.sh");

  private static final List<String> CONFIG_FILES = List.of(
      "log4j.properties",
      "tools-log4j.properties",
      "connect-log4j.properties",
      "server.properties",
      "zookeeper.properties",
      "connect-distributed.properties");

  /** Classes Steward runs directly (JvmCommandLine), not through a script. */
  private static final List<String> SERVICE_MAIN_CLASSES = List.of(
      "kafka.Kafka",
      "org.apache.zookeeper.server.quorum.QuorumPeerMain",
      "org.apache.kafka.connect.cli.ConnectDistributed");

  /** The class a wrapper passes to kafka-run-class.sh. */
  private static final Pattern RUN_CLASS_LINE =
      Pattern.compile("(?m)^exec .*/kafka-run-class\\.sh\" ([A-Za-z0-9_.$]+)");

  /** artifactId-version.jar, the version starting at the first "-digit". */
  private static final Pattern JAR_NAME = Pattern.compile("(.+?)-(\\d[^/]*)\\.jar");

  private static String version;
  private static String distName;
  private static Path tgz;
  private static Path sha512File;
  private static Path expectedLibs;
  private static Map<String, TarEntry> entries;

  @TempDir
  static Path unpackRoot;

  private static Path dist;

  @BeforeAll
  static void readArchive() throws IOException, InterruptedException {
    version = requiredProperty("kafka.dist.version");
    distName = requiredProperty("kafka.dist.name");
    Path dir = Path.of(requiredProperty("kafka.dist.dir"));
    tgz = dir.resolve(distName + ".tgz");
    sha512File = dir.resolve(distName + ".tgz.sha512");
    expectedLibs = Path.of(requiredProperty("kafka.dist.expectedLibs"));
    assertThat(tgz).as("the distribution built by this module").isRegularFile();
    entries = readTgz(tgz);

    Process tar = new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", unpackRoot.toString())
        .redirectErrorStream(true)
        .start();
    String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tar.waitFor()).as("tar -xzf: %s", out).isZero();
    dist = unpackRoot.resolve(distName);
  }

  @Test
  void sha512FileIsInSha512sumFormatAndMatches() throws IOException, NoSuchAlgorithmException {
    String content = Files.readString(sha512File, StandardCharsets.US_ASCII);
    Matcher m = Pattern.compile("([0-9a-f]{128})  (\\S+)\n?").matcher(content);
    assertThat(m.matches()).as("sha512sum format, got: %s", content).isTrue();
    assertThat(m.group(2)).isEqualTo(distName + ".tgz");

    MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
    try (InputStream in = Files.newInputStream(tgz)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha512.update(buf, 0, n);
      }
    }
    assertThat(m.group(1)).isEqualTo(HexFormat.of().formatHex(sha512.digest()));
  }

  @Test
  void archiveHasOneTopDirectoryWithApachesLayout() {
    assertThat(entries.keySet()).allSatisfy(name -> assertThat(name).startsWith(distName + "/"));
    for (String script : BIN_SCRIPTS) {
      TarEntry e = entries.get(distName + "/bin/" + script);
      assertThat(e).as("bin/%s in the archive", script).isNotNull();
      assertThat(e.mode() & 0777).as("mode of bin/%s", script).isEqualTo(0755);
    }
    for (String config : CONFIG_FILES) {
      TarEntry e = entries.get(distName + "/config/" + config);
      assertThat(e).as("config/%s in the archive", config).isNotNull();
      assertThat(e.mode() & 0777).as("mode of config/%s", config).isEqualTo(0644);
    }
    Set<String> topLevel = entries.keySet().stream()
        .map(name -> name.substring(distName.length() + 1).replaceFirst("/.*", ""))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(topLevel).containsExactly("bin", "config", "libs");
  }

  @Test
  void libsHoldExactlyTheExpectedJars() throws IOException {
    Set<String> jars = libJarNames();
    assertThat(jars).as("jar count").hasSizeGreaterThanOrEqualTo(100);
    assertThat(jars).noneMatch(name -> name.startsWith("logback-"));
    assertThat(jars).contains(
        "kafka_2.13-" + version + ".jar",
        "kafka-tools-" + version + ".jar",
        "kafka-clients-" + version + ".jar",
        "connect-runtime-" + version + ".jar",
        "connect-json-" + version + ".jar",
        "connect-file-" + version + ".jar",
        "connect-mirror-" + version + ".jar",
        "connect-transforms-" + version + ".jar",
        "slf4j-reload4j-1.7.36.jar",
        "slf4j-api-1.7.36.jar");
    assertThat(jars).anyMatch(name -> name.startsWith("reload4j-1.2."));
    assertThat(jars).anyMatch(name -> name.startsWith("zookeeper-3.8."));

    assertThat(expectedLibs)
        .as("expected jar list for %s; see docs/kafka-distribution.md to create one", version)
        .isRegularFile();
    Set<String> expected;
    try (Stream<String> lines = Files.lines(expectedLibs)) {
      expected = lines.map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(jars);
    Set<String> unexpected = new TreeSet<>(jars);
    unexpected.removeAll(expected);
    assertThat(missing).as("jars in %s but not in libs/", expectedLibs.getFileName()).isEmpty();
    assertThat(unexpected).as("jars in libs/ but not in %s (a version drifted?)", expectedLibs.getFileName())
        .isEmpty();
  }

  @Test
  void noArtifactAppearsTwice() throws IOException {
    // The same artifactId twice is fine only from two groups (com.yammer.metrics:metrics-core
    // and io.dropwizard.metrics:metrics-core); the same group:artifact twice never is.
    Map<String, List<String>> byArtifactId = new TreeMap<>();
    for (String jar : libJarNames()) {
      Matcher m = JAR_NAME.matcher(jar);
      assertThat(m.matches()).as("artifactId-version.jar: %s", jar).isTrue();
      byArtifactId.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(jar);
    }
    for (Map.Entry<String, List<String>> e : byArtifactId.entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      Set<String> groups = new TreeSet<>();
      for (String jar : e.getValue()) {
        String group = groupIdOf(dist.resolve("libs").resolve(jar), e.getKey());
        if (group == null || !groups.add(group)) {
          fail("%s appears more than once in libs/: %s", e.getKey(), e.getValue());
        }
      }
    }
  }

  @Test
  void everyMainClassExistsInLibs() throws IOException {
    Set<String> classesInLibs = new TreeSet<>();
    try (Stream<Path> jars = Files.list(dist.resolve("libs"))) {
      for (Path jar : (Iterable<Path>) jars::iterator) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).forEach(classesInLibs::add);
        }
      }
    }
    Map<String, String> mainClasses = new LinkedHashMap<>();
    for (String script : BIN_SCRIPTS) {
      if (script.equals("kafka-run-class.sh") || STOP_SCRIPTS.contains(script)) {
        continue;
      }
      Matcher m = RUN_CLASS_LINE.matcher(Files.readString(dist.resolve("bin").resolve(script)));
      assertThat(m.find()).as("bin/%s runs a class through kafka-run-class.sh", script).isTrue();
      mainClasses.put("bin/" + script, m.group(1));
    }
    for (String service : SERVICE_MAIN_CLASSES) {
      mainClasses.put("the service run as " + service, service);
    }
    mainClasses.forEach((where, className) ->
        assertThat(classesInLibs)
            .as("main class %s of %s in libs/ of %s", className, where, distName)
            .contains(className.replace('.', '/') + ".class"));
  }

  @Test
  void scriptsAreExecutableAfterUnpacking() {
    for (String script : BIN_SCRIPTS) {
      assertThat(Files.isExecutable(dist.resolve("bin").resolve(script))).as("bin/%s executable", script).isTrue();
    }
  }

  @Test
  void kafkaTopicsPrintsTheVersion() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/kafka-topics.sh").toString(), "--version");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("KAFKA_OPTS");
    pb.environment().remove("KAFKA_HEAP_OPTS");
    Result r = run(pb);
    assertThat(r.exitCode()).as("exit code; output: %s", r.output()).isZero();
    assertThat(r.output().strip().lines().toList()).as("output").contains(version);
  }

  /**
   * The guide's units (Type=forking) run `zookeeper-server-start.sh -daemon` and stop with
   * `zookeeper-server-stop.sh`: the script must return while the server keeps running, and the
   * stop script must end it.
   */
  @Test
  void daemonModeReturnsWhileZooKeeperRunsAndTheStopScriptEndsIt(@TempDir Path work) throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path config = work.resolve("zookeeper.properties");
    Files.writeString(config, "dataDir=" + work.resolve("data") + "\nclientPort=" + port
        + "\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n");
    ProcessBuilder start = new ProcessBuilder(dist.resolve("bin/zookeeper-server-start.sh").toString(), "-daemon",
        config.toString());
    start.environment().put("JAVA_HOME", System.getProperty("java.home"));
    start.environment().put("KAFKA_HEAP_OPTS", "-Xmx64m");
    start.environment().put("LOG_DIR", work.resolve("logs").toString());
    Result started = run(start);
    assertThat(started.exitCode()).as(started.output()).isZero();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String answer = "";
      while (!answer.startsWith("Zookeeper version") && System.nanoTime() < deadline) {
        answer = srvr(port);
        Thread.sleep(200);
      }
      assertThat(answer).as("srvr of the server started in the background").startsWith("Zookeeper version");
      assertThat(work.resolve("logs/zookeeper.out")).as("its console output").exists();
    } finally {
      // with its config file: only this server, never another ZooKeeper of the machine
      Result stopped = run(new ProcessBuilder(dist.resolve("bin/zookeeper-server-stop.sh").toString(),
          config.toString()));
      assertThat(stopped.exitCode()).as(stopped.output()).isZero();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!srvr(port).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(srvr(port)).as("nothing answers once the stop script has run").isEmpty();
    Result again = run(new ProcessBuilder(dist.resolve("bin/zookeeper-server-stop.sh").toString(), config.toString()));
    assertThat(again.exitCode()).as("no server left to stop: " + again.output()).isEqualTo(1);
  }

  /** ZooKeeper's srvr answer, or "" when nothing answers. */
  private static String srvr(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void runClassWithoutArgumentsPrintsUsage() throws IOException, InterruptedException {
    Result r = run(new ProcessBuilder(dist.resolve("bin/kafka-run-class.sh").toString()));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output()).contains("usage:");
  }

  private record Result(int exitCode, String output) {
  }

  private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
    pb.redirectErrorStream(true);
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      try (InputStream in = p.getInputStream()) {
        in.transferTo(out);
      } catch (IOException ignored) {
        // the process died; what was read so far is the output
      }
    });
    reader.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("%s did not finish within 60 s", pb.command());
    }
    reader.join(5_000);
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  private static Set<String> libJarNames() {
    String prefix = distName + "/libs/";
    return entries.keySet().stream()
        .filter(name -> name.startsWith(prefix) && name.endsWith(".jar"))
        .map(name -> name.substring(prefix.length()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** groupId from the jar's own META-INF/maven/GROUP/ARTIFACT/pom.properties, or null. */
  private static String groupIdOf(Path jar, String artifactId) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<String> groups = zip.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.startsWith("META-INF/maven/") && n.endsWith("/" + artifactId + "/pom.properties"))
          .map(n -> n.split("/")[2])
          .toList();
      if (groups.size() != 1) {
        return null;
      }
      Properties props = new Properties();
      try (InputStream in = zip.getInputStream(zip.getEntry(
          "META-INF/maven/" + groups.get(0) + "/" + artifactId + "/pom.properties"))) {
        props.load(in);
      }
      return props.getProperty("groupId");
    }
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name
          + " is not set: run this test through the kafka-dist modules' failsafe configuration");
    }
    return value;
  }

  // ---- a minimal tar reader: enough for ustar names, PAX path records and GNU long names ----

  record TarEntry(String name, int mode, char type, long size) {
  }

  private static Map<String, TarEntry> readTgz(Path file) throws IOException {
    Map<String, TarEntry> result = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      String longName = null;
      while (true) {
        byte[] header = in.readNBytes(512);
        if (header.length < 512 || isZero(header)) {
          break;
        }
        String name = field(header, 0, 100);
        int mode = (int) octal(header, 100, 8);
        long size = octal(header, 124, 12);
        char type = (char) (header[156] == 0 ? '0' : header[156]);
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        byte[] data = (type == 'x' || type == 'L') ? in.readNBytes((int) size) : null;
        if (data == null) {
          in.skipNBytes(size);
        }
        in.skipNBytes((512 - size % 512) % 512);
        if (type == 'L') {
          longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
          continue;
        }
        if (type == 'x') {
          longName = paxPath(new String(data, StandardCharsets.UTF_8));
          continue;
        }
        if (type == 'g') {
          continue;
        }
        if (longName != null) {
          name = longName;
          longName = null;
        }
        result.put(name, new TarEntry(name, mode, type, size));
      }
    }
    return result;
  }

  private static String paxPath(String records) {
    for (String line : records.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0 && line.startsWith("path=", space + 1)) {
        return line.substring(space + 1 + "path=".length());
      }
    }
    return null;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) {
    String s = field(header, offset, length).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }
}
