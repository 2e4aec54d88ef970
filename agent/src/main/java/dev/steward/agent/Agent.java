package dev.steward.agent;

import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.audit.AuditLog;
import dev.steward.agent.data.ServiceData;
import dev.steward.agent.installation.InstallationInspector;
import dev.steward.agent.installation.UnitStates;
import dev.steward.agent.data.ServiceDataDirs;
import dev.steward.agent.data.ZooKeeperDataRestorer;
import dev.steward.agent.logs.ServiceLogs;
import dev.steward.agent.exec.ProcessCommandRunner;
import dev.steward.agent.facts.FactsCollector;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.facts.SystemProbe;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.journal.ApplyOperations;
import dev.steward.agent.journal.LastAppliedStore;
import dev.steward.agent.journal.OperationJournal;
import dev.steward.agent.preflight.PreflightObserver;
import dev.steward.agent.preflight.PreflightRunner;
import dev.steward.agent.probe.LocalProbes;
import dev.steward.agent.resource.ResourceEngine;
import dev.steward.agent.resource.ResourceHandlers;
import dev.steward.agent.security.AgentEnrollment;
import dev.steward.agent.security.AgentTlsFiles;
import dev.steward.agent.security.SecurityState;
import dev.steward.agent.server.AgentServer;
import dev.steward.agent.server.ServerTransport;
import dev.steward.agent.service.PendingRestarts;
import dev.steward.agent.service.ServiceBackend;
import dev.steward.agent.service.CrashPoints;
import dev.steward.agent.service.ServiceController;
import dev.steward.agent.service.ServiceEvents;
import dev.steward.agent.service.supervisor.SupervisorBackend;
import dev.steward.agent.service.systemd.SystemdBackend;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.service.ServiceNames;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's collaborators, wired together. Built the same way by {@link AgentMain} and by
 * tests (with an in-process server builder), so tests exercise the real wiring.
 */
public final class Agent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final ServiceBackend backend;
  private final ApplyOperations operations;
  private final AgentServer server;
  private final Optional<AgentEnrollment> enrollment;
  private final ExecutorService tlsSwitch = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "tls-switch");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean failed;

  private Agent(ServiceBackend backend, ApplyOperations operations, AgentServer server,
                Optional<AgentEnrollment> enrollment) {
    this.backend = backend;
    this.operations = operations;
    this.server = server;
    this.enrollment = enrollment;
    // After an install the server is rebuilt with the new certificate (and, from pending, mutual TLS).
    enrollment.ifPresent(e -> e.onInstalled(() -> tlsSwitch.execute(this::switchTls)));
  }

  /** How the agent serves its API. */
  public sealed interface Serving permits Plaintext, Tls {
  }

  /**
   * Without TLS: every caller is "insecure-loopback". For the loopback sandbox
   * ({@link ServerTransport#plaintextLoopback}) and in-process tests ({@link ServerTransport#fixed}).
   */
  public record Plaintext(ServerTransport.Factory transport) implements Serving {
  }

  /**
   * TLS on {@code listen}: pending (enrollment only) until a certificate is installed, then
   * mutual TLS with the cluster CA.
   *
   * @param enrollToken the one-time token given to this host, if any (never logged)
   */
  public record Tls(InetSocketAddress listen, Optional<String> enrollToken) implements Serving {

    @Override
    public String toString() {
      return "Tls[" + listen + ", token " + (enrollToken.isPresent() ? "given" : "none") + "]";
    }
  }

  /** Resolves the backend choice against this machine, which may refuse it. */
  public static ServiceBackendFactory backendFactory(AgentConfig.BackendChoice choice, Path root)
      throws UnsupportedBackendException {
    AgentConfig.BackendChoice resolved = resolveBackend(choice, Files.isDirectory(Path.of("/run/systemd/system")),
        runsAsRoot(), root.toAbsolutePath().normalize().getParent() == null);
    if (resolved == AgentConfig.BackendChoice.SYSTEMD) {
      return (hostRoot, stateDir, javaHome, events, clock) ->
          new SystemdBackend(hostRoot, stateDir, javaHome, events, clock, new ProcessCommandRunner());
    }
    return SupervisorBackend::new;
  }

  /**
   * auto = systemd when the machine runs it (sd_booted(3) checks the same directory), the
   * agent is root (it writes units and calls systemctl) and the host root is / (units act on
   * the whole machine); else the built-in supervisor. An explicit systemd that cannot work
   * is refused rather than silently replaced.
   */
  static AgentConfig.BackendChoice resolveBackend(AgentConfig.BackendChoice choice, boolean systemdRunning,
                                                  boolean root, boolean rootIsSlash)
      throws UnsupportedBackendException {
    boolean systemdUsable = systemdRunning && root && rootIsSlash;
    return switch (choice) {
      case AUTO -> systemdUsable ? AgentConfig.BackendChoice.SYSTEMD : AgentConfig.BackendChoice.SUPERVISOR;
      case SUPERVISOR -> AgentConfig.BackendChoice.SUPERVISOR;
      case SYSTEMD -> {
        if (!systemdRunning) {
          throw new UnsupportedBackendException("--backend systemd: this machine does not run systemd "
              + "(/run/systemd/system is missing): use --backend supervisor or auto");
        }
        if (!root) {
          throw new UnsupportedBackendException("--backend systemd needs the agent to run as root "
              + "(it writes units under /etc/systemd/system and calls systemctl)");
        }
        if (!rootIsSlash) {
          throw new UnsupportedBackendException("--backend systemd needs --root /: systemd units act on the whole "
              + "machine, not on a host root directory");
        }
        yield AgentConfig.BackendChoice.SYSTEMD;
      }
    };
  }

  private static boolean runsAsRoot() {
    try {
      // /proc/self belongs to the process's effective uid
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** Builds a backend over the agent's root and state. */
  @FunctionalInterface
  public interface ServiceBackendFactory {
    ServiceBackend create(HostRoot hostRoot, Path stateDir, Path javaHome, ServiceEvents events, Clock clock)
        throws IOException;
  }

  /** A backend the agent cannot use (yet). */
  public static final class UnsupportedBackendException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnsupportedBackendException(String message) {
      super(message);
    }
  }

  /** An agent without TLS on the given builder (in-process tests). */
  public static Agent create(AgentConfig config, ServiceBackendFactory backends, ServerBuilder<?> serverBuilder,
                             Clock clock) throws IOException {
    return create(config, new Plaintext(ServerTransport.fixed(serverBuilder)), backends, clock);
  }

  public static Agent create(AgentConfig config, Serving serving, ServiceBackendFactory backends, Clock clock)
      throws IOException {
    HostRoot hostRoot = new HostRoot(config.root());
    Path state = config.stateDir();
    Files.createDirectories(state);
    restrictToOwner(state);
    PendingRestarts pendingRestarts = new PendingRestarts(state.resolve("pending-restarts.json"));
    OperationJournal journal = new OperationJournal(state.resolve("operations"), OperationJournal.DEFAULT_MAX_RECORDS);
    journal.markInterrupted();
    ServiceEvents events = new ServiceEvents() {
      @Override
      public void launched(ServiceName service, String why) {
        // the new process reads the current inputs: nothing is stale any more
        pendingRestarts.clear(service);
      }

      @Override
      public void exited(ServiceName service, int exitStatus, boolean expected) {
        if (!expected) {
          log.warn("{} exited unexpectedly with status {}", ServiceNames.shortName(service), exitStatus);
        }
      }
    };
    AuditLog audit = new AuditLog(state.resolve("audit.log"), state.resolve("audit.key"), clock);
    ServiceBackend backend = backends.create(hostRoot, state, config.javaHome(), events, clock);
    JavaRuntimeProbe java = new JavaRuntimeProbe(config.javaHome());
    ArtifactStore artifacts = new ArtifactStore(state.resolve("artifacts"), config.maxArtifactBytes());
    FactsCollector facts = new FactsCollector(hostRoot, new SystemProbe(), java, backend.kind(), AgentVersion.current(),
        serving instanceof Plaintext, clock);
    ResourceEngine engine = new ResourceEngine(ResourceHandlers.standard(hostRoot, artifacts, backend, java), backend,
        pendingRestarts);
    ApplyOperations operations = new ApplyOperations(journal, engine, new LastAppliedStore(state.resolve("last-applied.json")),
        clock, Executors.newSingleThreadExecutor(runnable -> {
          Thread thread = new Thread(runnable, "operation");
          thread.setDaemon(true);
          return thread;
        }), audit);
    ServiceController controller = new ServiceController(backend, pendingRestarts, journal, clock, audit)
        .withCrashPoints(CrashPoints.fromEnvironment(state));
    ServiceData data = new ServiceData(new ServiceDataDirs(controller, hostRoot), controller);
    Optional<AgentEnrollment> enrollment = Optional.empty();
    ServerTransport.Factory transport;
    int port;
    if (serving instanceof Tls tls) {
      AgentEnrollment agentEnrollment = new AgentEnrollment(AgentTlsFiles.open(AgentTlsFiles.dirIn(state)),
          tls.enrollToken(), audit, clock);
      enrollment = Optional.of(agentEnrollment);
      transport = ServerTransport.tls(tls.listen(), agentEnrollment);
      port = tls.listen().getPort();
    } else {
      transport = ((Plaintext) serving).transport();
      port = config.listen() == null ? 0 : config.listen().getPort();
    }
    Optional<AgentEnrollment> security = enrollment;
    AgentServer server = new AgentServer(transport, port,
        () -> security.map(AgentEnrollment::state).orElse(SecurityState.INSECURE), facts,
        new PreflightRunner(new PreflightObserver(facts, backend), clock), operations, controller,
        new LocalProbes(controller), artifacts, audit, Optional.of(audit), enrollment, data,
        new ZooKeeperDataRestorer(data, controller, artifacts, audit, clock),
        ServiceLogs.forBackend(backend.kind(), controller, hostRoot, clock, config.logFile()),
        new InstallationInspector(hostRoot, UnitStates.of(backend)));
    return new Agent(backend, operations, server, enrollment);
  }

  /** Starts serving, then brings up enabled services that are not running. */
  public Agent start() throws IOException {
    server.start();
    logSecurity();
    backend.startEnabledServices();
    return this;
  }

  public SecurityState securityState() {
    return enrollment.map(AgentEnrollment::state).orElse(SecurityState.INSECURE);
  }

  /** The key fingerprint (SHA256:...) of a TLS agent. */
  public Optional<String> fingerprint() {
    return enrollment.map(e -> e.files().fingerprint());
  }

  /** The server could not be rebuilt after a certificate change: the agent serves nothing. */
  public boolean failed() {
    return failed;
  }

  private void logSecurity() {
    if (enrollment.isEmpty()) {
      return;
    }
    AgentEnrollment e = enrollment.get();
    if (e.state() == SecurityState.PENDING) {
      log.warn("NOT ENROLLED: serving only enrollment and health until the coordinator installs a certificate. "
          + "This agent's key fingerprint is {}. On the coordinator run: steward enroll -i INVENTORY HOST {}",
          e.files().fingerprint(), e.hasToken() ? "--token <the token given to this host>"
              : "--fingerprint " + e.files().fingerprint());
    } else {
      log.info("enrolled: {}, CA {}; requiring coordinator certificates (key fingerprint {})",
          e.enrolled().orElseThrow().describe(), e.enrolled().orElseThrow().ca().getSubjectX500Principal().getName(),
          e.files().fingerprint());
    }
  }

  private void switchTls() {
    try {
      server.rebuild();
    } catch (IOException | RuntimeException e) {
      failed = true;
      log.error("cannot serve with the new certificate: {}; stopping (a restart serves with it)", e.getMessage(), e);
      server.stop();
    }
  }

  public AgentServer server() {
    return server;
  }

  public ServiceBackend backend() {
    return backend;
  }

  /** Stops serving and watching. The managed services keep running: they do not depend on the agent. */
  @Override
  public void close() {
    tlsSwitch.shutdown();
    server.stop();
    operations.close();
    backend.close();
  }

  private static void restrictToOwner(Path state) {
    try {
      Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("cannot restrict {} to the agent's user: {}", state, e.getMessage());
    }
  }
}
