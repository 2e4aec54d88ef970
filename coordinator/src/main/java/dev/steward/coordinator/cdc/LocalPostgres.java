package dev.steward.coordinator.cdc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A PostgreSQL server run from this machine's binaries (Debian's {@code postgresql} package), for the Steward
 * sandbox and for tests: the database the guide's Debezium connector captures from, reachable with passwords from
 * loopback addresses only.
 *
 * <p>Root: PostgreSQL refuses to run as root. When this JVM is root, the data directory is given to the
 * {@code postgres} system user that Debian's package creates, and initdb and pg_ctl run as that user through
 * runuser (or setpriv). Every directory above the data directory must then be searchable by that user, so put it
 * under /tmp or /var/lib, not under /root; {@link #start} says so when it is not.
 *
 * <p>Everything is in the data directory: the settings Steward owns ({@value #SETTINGS_FILE}, included from
 * postgresql.conf and rewritten at every start), pg_hba.conf (also rewritten), the Unix socket, and the server log
 * ({@value #LOG_FILE}). Starting a data directory whose server already runs reuses that server; stopping never
 * deletes data.
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String SETTINGS_FILE = "steward.conf";
  public static final String LOG_FILE = "steward-postgres.log";

  static final String INSTALL_HINT = "PostgreSQL's server programs (initdb, pg_ctl) were not found under"
      + " /usr/lib/postgresql/<version>/bin: install Debian's postgresql package (apt-get install postgresql),"
      + " or set STEWARD_PG_BIN to the directory that holds them";

  private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
  private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?");
  private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
  // pg_ctl gives up on its own after this; the process itself gets a margin on top.
  private static final int PG_CTL_WAIT_SECONDS = 60;
  private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(PG_CTL_WAIT_SECONDS + 30);
  private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 30;
  // A Unix socket path is at most 107 bytes and PostgreSQL appends "/.s.PGSQL.<port>.lock" to the directory.
  private static final int MAX_SOCKET_DIRECTORY_LENGTH = 85;
  private static final String INCLUDE_SETTINGS = "include = '" + SETTINGS_FILE + "'";
  private static final String PG_HBA = """
      # Written by Steward at every start: password (SCRAM) logins, from loopback addresses only.
      local   all          all                      scram-sha-256
      host    all          all   127.0.0.0/8        scram-sha-256
      host    all          all   ::1/128            scram-sha-256
      host    replication  all   127.0.0.0/8        scram-sha-256
      host    replication  all   ::1/128            scram-sha-256
      """;
  private static final Path NEUTRAL_DIRECTORY = Path.of("/");

  /**
   * @param walLevel "logical" for Debezium; "replica" gives a server the CDC precheck must reject
   * @param listenAddress one address, or PostgreSQL's comma-separated list; clients use the first
   */
  public record Options(Path dataDir, String listenAddress, int port, String superuser, String superuserPassword,
      String walLevel, int maxReplicationSlots, int maxWalSenders) {

    private static final Set<String> WAL_LEVELS = Set.of("minimal", "replica", "logical");

    public Options {
      dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
      if (dataDir.getParent() == null) {
        throw new IllegalArgumentException("dataDir must not be the root directory");
      }
      Objects.requireNonNull(listenAddress, "listenAddress");
      Objects.requireNonNull(superuser, "superuser");
      Objects.requireNonNull(superuserPassword, "superuserPassword");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1-65535: " + port);
      }
      if (superuserPassword.isEmpty() || superuserPassword.contains("\n")) {
        throw new IllegalArgumentException("superuserPassword must be one non-empty line");
      }
      if (!WAL_LEVELS.contains(walLevel)) {
        throw new IllegalArgumentException("walLevel must be minimal, replica or logical: " + walLevel);
      }
      if (maxReplicationSlots < 0 || maxWalSenders < 0) {
        throw new IllegalArgumentException("maxReplicationSlots and maxWalSenders must not be negative");
      }
    }

    /** On 127.0.0.1 as superuser {@code postgres}, ready for Debezium: logical WAL, 10 slots, 10 WAL senders. */
    public static Options loopback(Path dataDir, int port, String superuserPassword) {
      return new Options(dataDir, "127.0.0.1", port, "postgres", superuserPassword, "logical", 10, 10);
    }

    public Options withWalLevel(String otherWalLevel) {
      return new Options(dataDir, listenAddress, port, superuser, superuserPassword, otherWalLevel,
          maxReplicationSlots, maxWalSenders);
    }

    @Override
    public String toString() {
      return "Options[dataDir=" + dataDir + ", listenAddress=" + listenAddress + ", port=" + port + ", superuser="
          + superuser + ", walLevel=" + walLevel + ", maxReplicationSlots=" + maxReplicationSlots
          + ", maxWalSenders=" + maxWalSenders + "]";
    }
  }

  private final Options options;
  private final Path binaries;
  private final PostgresProcessRunner runner;
  private final boolean reused;

  private LocalPostgres(Options options, Path binaries, PostgresProcessRunner runner, boolean reused) {
    this.options = options;
    this.binaries = binaries;
    this.runner = runner;
    this.reused = reused;
  }

  /** {@code STEWARD_PG_BIN} when set, else the newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl. */
  public static Path findBinaries() {
    return findBinaries(System.getenv("STEWARD_PG_BIN"), DEBIAN_ROOT);
  }

  static Path findBinaries(String override, Path debianRoot) {
    if (override != null && !override.isBlank()) {
      Path directory = Path.of(override.trim());
      if (hasServerPrograms(directory)) {
        return directory;
      }
      throw new LocalPostgresException("STEWARD_PG_BIN=" + directory + " has no executable initdb and pg_ctl; "
          + INSTALL_HINT);
    }
    try (Stream<Path> installed = Files.list(debianRoot)) {
      return installed
          .filter(dir -> version(dir).isPresent() && hasServerPrograms(dir.resolve("bin")))
          .max(Comparator.comparing(dir -> version(dir).orElseThrow(), Arrays::compare))
          .map(dir -> dir.resolve("bin"))
          .orElseThrow(() -> new LocalPostgresException(INSTALL_HINT));
    } catch (IOException e) {
      throw new LocalPostgresException(INSTALL_HINT, e);
    }
  }

  /**
   * Starts the server of {@code options.dataDir()}, creating the cluster first when the directory holds none, or
   * reuses it when it already runs (on the same port; it keeps the settings it was started with, so a changed
   * walLevel needs a {@link #stop} first). Returns once it accepts the superuser's login.
   */
  public static LocalPostgres start(Options options) {
    Path binaries = findBinaries();
    PostgresProcessRunner runner = PostgresProcessRunner.forThisProcess();
    boolean running = isRunning(options.dataDir(), binaries, runner);
    if (running) {
      requireSamePort(options);
    } else {
      try {
        prepareDataDirectory(options.dataDir(), runner);
        if (!initialized(options.dataDir())) {
          initdb(options, binaries, runner);
        }
        writeSettings(options, runner);
      } catch (IOException e) {
        throw new LocalPostgresException("could not prepare " + options.dataDir() + ": " + e.getMessage(), e);
      }
      startServer(options, binaries, runner);
    }
    LocalPostgres server = new LocalPostgres(options, binaries, runner, running);
    try {
      awaitAccepting(server.superuser("postgres"), ACCEPT_TIMEOUT);
    } catch (LocalPostgresException e) {
      throw new LocalPostgresException(e.getMessage() + logTail(options.dataDir()), e);
    }
    return server;
  }

  /** Whether the server of {@code dataDir} runs, by pg_ctl status. */
  public static boolean isRunning(Path dataDir) {
    return isRunning(dataDir.toAbsolutePath().normalize(), findBinaries(), PostgresProcessRunner.forThisProcess());
  }

  /** Stops the server of {@code dataDir} when it runs (for `sandbox down`); true when it was running. */
  public static boolean stopIfRunning(Path dataDir) {
    Path normalized = dataDir.toAbsolutePath().normalize();
    Path binaries = findBinaries();
    PostgresProcessRunner runner = PostgresProcessRunner.forThisProcess();
    if (!isRunning(normalized, binaries, runner)) {
      return false;
    }
    stopServer(normalized, binaries, runner);
    return true;
  }

  /**
   * Waits until {@code target} accepts a login. Only "not yet" errors (refused connection, server starting up)
   * are retried; a wrong password fails at once.
   */
  public static void awaitAccepting(PostgresTarget target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Connection connection = target.connect()) {
        return;
      } catch (SQLException e) {
        String state = String.valueOf(e.getSQLState());
        boolean notYet = state.startsWith("08") || "57P03".equals(state);
        if (!notYet) {
          throw new LocalPostgresException("PostgreSQL at " + target + " refused the login: "
              + target.redact(e.getMessage()), e);
        }
        if (System.nanoTime() > deadline) {
          throw new LocalPostgresException("PostgreSQL at " + target + " did not accept connections within "
              + timeout.toSeconds() + "s: " + target.redact(e.getMessage()), e);
        }
        sleep(Duration.ofMillis(100));
      }
    }
  }

  public Options options() {
    return options;
  }

  /** True when {@link #start} found the server already running and did not start it. */
  public boolean reused() {
    return reused;
  }

  public Path logFile() {
    return options.dataDir().resolve(LOG_FILE);
  }

  /** The postmaster's pid from postmaster.pid, when the server runs. */
  public OptionalLong serverPid() {
    return postmasterPidLine(options.dataDir(), 0).map(Long::parseLong).map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  public String jdbcUrl(String database) {
    return superuser(database).jdbcUrl();
  }

  /** The superuser's login to {@code database}, e.g. for {@link GuideSchema#create}. */
  public PostgresTarget superuser(String database) {
    return new PostgresTarget(clientHost(options.listenAddress()), options.port(), database, options.superuser(),
        options.superuserPassword());
  }

  /** {@code pg_ctl stop -m fast}: open sessions are ended, data stays. Stops a reused server too. */
  public void stop() {
    if (isRunning(options.dataDir(), binaries, runner)) {
      stopServer(options.dataDir(), binaries, runner);
    }
  }

  @Override
  public void close() {
    stop();
  }

  static String clientHost(String listenAddress) {
    String first = listenAddress.split(",")[0].trim();
    return switch (first) {
      case "", "*", "0.0.0.0" -> "127.0.0.1";
      case "::" -> "::1";
      default -> first;
    };
  }

  private static boolean isRunning(Path dataDir, Path binaries, PostgresProcessRunner runner) {
    if (!initialized(dataDir)) {
      return false;
    }
    return runner.run(List.of(program(binaries, "pg_ctl"), "status", "-D", dataDir.toString()), NEUTRAL_DIRECTORY,
        PG_CTL_TIMEOUT).succeeded();
  }

  private static boolean initialized(Path dataDir) {
    return Files.exists(dataDir.resolve("PG_VERSION"));
  }

  private static void requireSamePort(Options options) {
    Optional<String> port = postmasterPidLine(options.dataDir(), 3);
    if (port.isPresent() && !port.get().equals(Integer.toString(options.port()))) {
      throw new LocalPostgresException("the server of " + options.dataDir() + " already runs on port " + port.get()
          + ", not " + options.port() + ": stop it first or start with port " + port.get());
    }
  }

  /** Line {@code index} (0-based) of postmaster.pid: 0 is the pid, 3 the port. */
  private static Optional<String> postmasterPidLine(Path dataDir, int index) {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      return lines.size() > index ? Optional.of(lines.get(index).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Creates missing directories (0755 above the data directory, 0700 for it) and hands them to PostgreSQL's user. */
  private static void prepareDataDirectory(Path dataDir, PostgresProcessRunner runner) throws IOException {
    Path parent = dataDir.getParent();
    boolean parentIsNew = !Files.exists(parent);
    Deque<Path> missing = new ArrayDeque<>();
    for (Path dir = parent; dir != null && !Files.exists(dir); dir = dir.getParent()) {
      missing.push(dir);
    }
    for (Path dir : missing) {
      createDirectory(dir, "rwxr-xr-x");
    }
    if (parentIsNew) {
      runner.handOver(parent);
    }
    if (!Files.exists(dataDir)) {
      createDirectory(dataDir, "rwx------");
    }
    if (!initialized(dataDir)) {
      Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
      runner.handOver(dataDir);
    }
    if (runner.switchesUser()
        && !runner.run(List.of("test", "-w", dataDir.toString()), NEUTRAL_DIRECTORY, PG_CTL_TIMEOUT).succeeded()) {
      throw new LocalPostgresException("the " + PostgresProcessRunner.SERVICE_USER + " user cannot write to " + dataDir
          + ": every directory above it must be searchable by that user (chmod o+x), e.g. use a directory under"
          + " /tmp or /var/lib instead of /root");
    }
  }

  private static void createDirectory(Path dir, String permissions) throws IOException {
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      return;
    }
    // explicitly, because the creation mode is narrowed by the umask
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
  }

  private static void initdb(Options options, Path binaries, PostgresProcessRunner runner) throws IOException {
    Path dataDir = options.dataDir();
    // A file rather than an argument, so the password never shows in the process list.
    Path passwordFile = Files.createTempFile(dataDir.getParent(), ".steward-pg-", ".pw",
        PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE)));
    try {
      Files.writeString(passwordFile, options.superuserPassword() + "\n");
      runner.handOver(passwordFile);
      PostgresProcessRunner.Result result = runner.run(List.of(program(binaries, "initdb"), "-D", dataDir.toString(),
          "-U", options.superuser(), "--pwfile=" + passwordFile, "--auth-host=scram-sha-256",
          "--auth-local=scram-sha-256", "-E", "UTF8", "--no-locale"), NEUTRAL_DIRECTORY, INITDB_TIMEOUT);
      if (!result.succeeded()) {
        throw new LocalPostgresException("initdb failed for " + dataDir + " (exit " + result.exitCode() + "): "
            + result.output());
      }
    } finally {
      Files.deleteIfExists(passwordFile);
    }
  }

  private static void writeSettings(Options options, PostgresProcessRunner runner) throws IOException {
    Path dataDir = options.dataDir();
    // Without a short enough socket path PostgreSQL would not start; nothing here needs the socket (TCP only).
    String socketDirectory = dataDir.toString().length() <= MAX_SOCKET_DIRECTORY_LENGTH ? dataDir.toString() : "";
    String settings = String.join("\n",
        "# Written by Steward at every start from LocalPostgres.Options: edits here are overwritten.",
        "listen_addresses = " + SqlIdentifiers.literal(options.listenAddress()),
        "port = " + options.port(),
        "wal_level = " + options.walLevel(),
        "max_replication_slots = " + options.maxReplicationSlots(),
        "max_wal_senders = " + options.maxWalSenders(),
        "unix_socket_directories = " + SqlIdentifiers.literal(socketDirectory),
        "password_encryption = 'scram-sha-256'",
        "");
    writeForServer(dataDir.resolve(SETTINGS_FILE), settings, runner);
    writeForServer(dataDir.resolve("pg_hba.conf"), PG_HBA, runner);
    Path mainConfig = dataDir.resolve("postgresql.conf");
    if (Files.readAllLines(mainConfig).stream().noneMatch(line -> line.trim().equals(INCLUDE_SETTINGS))) {
      // Last, so Steward's values win over initdb's defaults above it.
      Files.writeString(mainConfig, Files.readString(mainConfig) + "\n" + INCLUDE_SETTINGS + "\n");
    }
  }

  private static void writeForServer(Path file, String content, PostgresProcessRunner runner) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    runner.handOver(file);
  }

  private static void startServer(Options options, Path binaries, PostgresProcessRunner runner) {
    Path dataDir = options.dataDir();
    PostgresProcessRunner.Result result = runner.run(List.of(program(binaries, "pg_ctl"), "start", "-D",
        dataDir.toString(), "-l", dataDir.resolve(LOG_FILE).toString(), "-w", "-t",
        Integer.toString(PG_CTL_WAIT_SECONDS)), NEUTRAL_DIRECTORY, PG_CTL_TIMEOUT);
    if (!result.succeeded()) {
      throw new LocalPostgresException("PostgreSQL did not start from " + dataDir + " on port " + options.port()
          + " (pg_ctl exit " + result.exitCode() + "): " + result.output() + logTail(dataDir));
    }
  }

  private static void stopServer(Path dataDir, Path binaries, PostgresProcessRunner runner) {
    PostgresProcessRunner.Result result = runner.run(List.of(program(binaries, "pg_ctl"), "stop", "-D",
        dataDir.toString(), "-m", "fast", "-w", "-t", Integer.toString(PG_CTL_WAIT_SECONDS)), NEUTRAL_DIRECTORY,
        PG_CTL_TIMEOUT);
    if (!result.succeeded() && isRunning(dataDir, binaries, runner)) {
      throw new LocalPostgresException("PostgreSQL of " + dataDir + " did not stop (pg_ctl exit "
          + result.exitCode() + "): " + result.output() + logTail(dataDir));
    }
  }

  private static String logTail(Path dataDir) {
    Path log = dataDir.resolve(LOG_FILE);
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "\n--- last lines of " + log + " ---\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "\n(no server log at " + log + ")";
    }
  }

  private static boolean hasServerPrograms(Path directory) {
    return Files.isExecutable(directory.resolve("initdb")) && Files.isExecutable(directory.resolve("pg_ctl"));
  }

  private static Optional<int[]> version(Path directory) {
    Matcher matcher = VERSION.matcher(directory.getFileName().toString());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int minor = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
    return Optional.of(new int[] {Integer.parseInt(matcher.group(1)), minor});
  }

  private static String program(Path binaries, String name) {
    return binaries.resolve(name).toString();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalPostgresException("interrupted while waiting for PostgreSQL", e);
    }
  }
}
