package dev.steward.agent;

import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.security.AgentTlsFiles;
import dev.steward.agent.server.GrpcLogBridge;
import dev.steward.agent.server.ServerTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code steward-agent}: the daemon on every host. Its options are read by {@link AgentCommandLine}. */
public final class AgentMain {

  static final int EXIT_OK = 0;
  static final int EXIT_FAILURE = 1;
  static final int EXIT_BAD_ARGUMENTS = 2;
  static final String ENROLL_TOKEN_ENV = "STEWARD_ENROLL_TOKEN";

  private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

  static final String DEFAULT_LISTEN = "0.0.0.0:7443";

  // The command line's options (AgentCommandLine); null means "not on the command line", so the config file can
  // fill it in.
  Path configFile;
  String listen;
  Path root;
  Path stateDir;
  AgentConfig.BackendChoice backend;
  Boolean insecure;
  Path enrollTokenFile;
  Path pidFile;
  Path logFile;
  Path javaHome;
  Long maxArtifactBytes;

  /** Tests point this elsewhere: the machine's own /etc/steward/agent.yaml is none of their business. */
  Path defaultConfigFile = AgentConfigFile.DEFAULT;

  /** The environment the agent reads its token from (a seam for tests). */
  java.util.Map<String, String> environment = System.getenv();

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return run(new AgentMain(), args);
  }

  static int run(AgentMain main, String... args) {
    AgentCommandLine.Request request;
    try {
      request = AgentCommandLine.parse(main, args);
    } catch (BadArgumentException e) {
      System.err.println("steward-agent: " + e.getMessage());
      System.err.println("Try 'steward-agent --help'.");
      return EXIT_BAD_ARGUMENTS;
    }
    switch (request) {
      case HELP:
        System.out.print(AgentCommandLine.usage());
        return EXIT_OK;
      case VERSION:
        System.out.println("steward-agent " + AgentVersion.current());
        return EXIT_OK;
      default:
        try {
          return main.call();
        } catch (RuntimeException e) {
          log.error("the agent failed: {}", e.getMessage(), e);
          return EXIT_FAILURE;
        }
    }
  }

  int call() {
    GrpcLogBridge.install();
    AgentConfig config;
    Agent.Serving serving;
    Agent.ServiceBackendFactory backends;
    try {
      config = config();
      backends = Agent.backendFactory(config.backend(), config.root());
      if (config.insecure()) {
        if (config.enrollTokenFile() != null) {
          throw new BadArgumentException("--enroll-token-file makes no sense with --insecure (no TLS, no enrollment)");
        }
        serving = new Agent.Plaintext(ServerTransport.plaintextLoopback(config.listen()));
      } else {
        serving = new Agent.Tls(config.listen(), enrollToken(config.enrollTokenFile(), config.stateDir()));
      }
    } catch (BadArgumentException | ServerTransport.TransportException e) {
      System.err.println("steward-agent: " + e.getMessage());
      return EXIT_BAD_ARGUMENTS;
    } catch (Agent.UnsupportedBackendException e) {
      System.err.println("steward-agent: " + e.getMessage());
      return EXIT_FAILURE;
    }
    Agent agent;
    try {
      agent = Agent.create(config, serving, backends, Clock.systemUTC());
      agent.start();
      writePidFile(config.pidFile());
    } catch (IOException | RuntimeException e) {
      log.error("the agent could not start: {}", e.getMessage(), e);
      return EXIT_FAILURE;
    }
    log.info("steward-agent {} serving {} on {}:{} (root {}, state {}, backend {})", AgentVersion.current(),
        config.insecure() ? "PLAINTEXT (insecure, loopback only)" : "TLS", config.listen().getAddress().getHostAddress(),
        agent.server().port(), config.root(), config.stateDir(), agent.backend().kind());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down (managed services keep running)");
      agent.close();
      deletePidFile(config.pidFile());
    }, "shutdown"));
    try {
      agent.server().awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return agent.failed() ? EXIT_FAILURE : EXIT_OK;
  }

  /**
   * The token from --enroll-token-file or the environment; its value is never printed. Once the
   * agent is enrolled the token has done its job and its file is removed (docs/security.md), while
   * agent.yaml may still name it: a missing token file is then no reason not to start.
   */
  java.util.Optional<String> enrollToken(Path enrollTokenFile, Path stateDir) throws BadArgumentException {
    String token;
    String source;
    if (enrollTokenFile != null) {
      source = "--enroll-token-file " + enrollTokenFile;
      if (!Files.exists(enrollTokenFile) && AgentTlsFiles.isEnrolled(AgentTlsFiles.dirIn(stateDir))) {
        log.info("enrolled already: the enrollment token file {} is gone and no longer needed", enrollTokenFile);
        return java.util.Optional.empty();
      }
      try {
        token = Files.readString(enrollTokenFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new BadArgumentException(source + " cannot be read: " + e.getMessage());
      }
      warnIfReadableByOthers(enrollTokenFile);
    } else {
      token = environment.getOrDefault(ENROLL_TOKEN_ENV, "").trim();
      source = "environment variable " + ENROLL_TOKEN_ENV;
      if (token.isEmpty()) {
        return java.util.Optional.empty();
      }
    }
    if (!dev.steward.common.pki.EnrollmentTokens.isWellFormed(token)) {
      throw new BadArgumentException(source + " does not hold a Steward enrollment token (one line, "
          + dev.steward.common.pki.EnrollmentTokens.PREFIX + "... as printed by `steward ca token`)");
    }
    return java.util.Optional.of(token);
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      int mode = dev.steward.agent.host.PosixModes.toMode(Files.getPosixFilePermissions(file));
      if ((mode & 0077) != 0) {
        log.warn("{} is readable by other users (mode {}): chmod 600 it", file, Integer.toOctalString(mode));
      }
    } catch (IOException | UnsupportedOperationException ignored) {
      // only a warning
    }
  }

  AgentConfig config() throws BadArgumentException {
    AgentConfigFile.Values file = configFileValues();
    InetSocketAddress address = parseListen(first(listen, file.listen(), DEFAULT_LISTEN));
    Path rootDir = first(root, file.root(), Path.of("/")).toAbsolutePath().normalize();
    if (!Files.isDirectory(rootDir)) {
      throw new BadArgumentException("--root " + rootDir + " is not a directory");
    }
    Path stateValue = first(stateDir, file.stateDir(), null);
    Path state = stateValue != null ? stateValue.toAbsolutePath().normalize()
        : rootDir.resolve("var").resolve("lib").resolve("steward");
    Path javaValue = first(javaHome, file.javaHome(), null);
    Path java = javaValue != null ? javaValue.toAbsolutePath().normalize() : JavaRuntimeProbe.agentJavaHome();
    long maxBytes = first(maxArtifactBytes, file.maxArtifactBytes(), ArtifactStore.DEFAULT_MAX_BYTES);
    if (maxBytes <= 0) {
      throw new BadArgumentException("--max-artifact-bytes must be positive");
    }
    AgentConfig.BackendChoice backendChoice = backend;
    if (backendChoice == null && file.backend() != null) {
      try {
        backendChoice = AgentCommandLine.backend(file.backend());
      } catch (BadArgumentException e) {
        throw new BadArgumentException("backend in the config file: " + e.getMessage());
      }
    }
    return new AgentConfig(address, rootDir, state, first(backendChoice, null, AgentConfig.BackendChoice.AUTO),
        first(insecure, file.insecure(), false), first(pidFile, file.pidFile(), null), java, maxBytes,
        first(enrollTokenFile, file.enrollTokenFile(), null), logFile == null ? null : logFile.toAbsolutePath());
  }

  /**
   * The explicit --config, else the packaged default when it exists. An agent given --root on
   * the command line is a sandbox host on a developer's machine: the machine's own agent
   * config is not meant for it.
   */
  private AgentConfigFile.Values configFileValues() throws BadArgumentException {
    Path file = configFile != null ? configFile
        : root == null && Files.isRegularFile(defaultConfigFile) ? defaultConfigFile : null;
    if (file == null) {
      return AgentConfigFile.Values.NONE;
    }
    try {
      return AgentConfigFile.load(file);
    } catch (AgentConfigFile.ConfigFileException e) {
      throw new BadArgumentException(e.getMessage());
    }
  }

  /** The command line, else the file, else the built-in default. */
  private static <T> T first(T commandLine, T file, T fallback) {
    return commandLine != null ? commandLine : file != null ? file : fallback;
  }

  /** "ADDR:PORT", "[v6]:PORT". */
  static InetSocketAddress parseListen(String value) throws BadArgumentException {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new BadArgumentException("--listen " + value + " must be ADDR:PORT, e.g. 127.0.0.1:7443");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new BadArgumentException("--listen " + value + ": the port must be a number");
    }
    if (port < 0 || port > 65535) {
      throw new BadArgumentException("--listen " + value + ": the port must be 0..65535");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new BadArgumentException("--listen " + value + ": " + host + " does not resolve");
    }
  }

  private static void writePidFile(Path pidFile) throws IOException {
    if (pidFile != null) {
      Path absolute = pidFile.toAbsolutePath();
      Files.createDirectories(absolute.getParent());
      AtomicFiles.write(absolute, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void deletePidFile(Path pidFile) {
    if (pidFile != null) {
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException ignored) {
        // a stale pid file names a dead pid: harmless
      }
    }
  }

  /** A usage error (exit 2). */
  static final class BadArgumentException extends Exception {

    private static final long serialVersionUID = 1L;

    BadArgumentException(String message) {
      super(message);
    }
  }
}
