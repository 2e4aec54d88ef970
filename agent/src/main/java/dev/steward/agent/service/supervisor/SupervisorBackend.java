package dev.steward.agent.service.supervisor;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.Ownership;
import dev.steward.agent.journal.ProtoJson;
import dev.steward.agent.service.RealServiceDefinition;
import dev.steward.agent.service.ServiceBackend;
import dev.steward.agent.service.ServiceEvents;
import dev.steward.agent.service.ServiceDefinitions;
import dev.steward.agent.service.ServiceException;
import dev.steward.agent.service.ServiceException.Reason;
import dev.steward.agent.service.ServiceStatuses;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceStatus;
import dev.steward.common.render.JvmCommandLine;
import dev.steward.common.service.ServiceNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own process supervisor, for hosts without systemd (the sandbox). It runs each
 * service's JVM directly (the same argv a systemd unit would), appends its output to
 * {@code <log_dir>/<service>.out}, restarts it after a crash with backoff, and remembers the
 * pid so a restarted agent adopts the running process instead of starting a second one.
 *
 * <p>Children are deliberately not tied to the agent: they get their own session and no pipe
 * to the agent, and closing the backend (agent shutdown) leaves them running.
 */
public final class SupervisorBackend implements ServiceBackend {

  /** Builds the argv of a definition whose paths are already real. Tests swap it. */
  @FunctionalInterface
  interface CommandLineFactory {
    List<String> argv(ServiceResource realDefinition, String javaExecutable);
  }

  private static final Logger log = LoggerFactory.getLogger(SupervisorBackend.class);
  private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  /** btime in /proc/stat jitters by up to a second, so start instants computed twice may differ by that much. */
  private static final long START_INSTANT_TOLERANCE_MILLIS = 1_000;
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final HostRoot hostRoot;
  private final Path dir;
  private final Path defaultJavaHome;
  private final ServiceEvents events;
  private final Clock clock;
  private final CommandLineFactory commandLines;
  private final ScheduledExecutorService scheduler;
  private final Map<ServiceName, SupervisedService> services = new EnumMap<>(ServiceName.class);
  private volatile boolean closed;

  /**
   * @param stateDir the agent's state directory; definitions and pids live in its {@code supervisor/}
   * @param defaultJavaHome the Java for definitions without a java_home
   */
  public SupervisorBackend(HostRoot hostRoot, Path stateDir, Path defaultJavaHome, ServiceEvents events, Clock clock)
      throws IOException {
    this(hostRoot, stateDir, defaultJavaHome, events, clock, JvmCommandLine::argv);
  }

  SupervisorBackend(HostRoot hostRoot, Path stateDir, Path defaultJavaHome, ServiceEvents events, Clock clock,
                    CommandLineFactory commandLines) throws IOException {
    this.hostRoot = hostRoot;
    this.dir = stateDir.resolve("supervisor");
    this.defaultJavaHome = defaultJavaHome;
    this.events = events;
    this.clock = clock;
    this.commandLines = commandLines;
    this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "supervisor");
      thread.setDaemon(true);
      return thread;
    });
    Files.createDirectories(dir);
    for (ServiceName name : ServiceName.values()) {
      if (ServiceNames.isManaged(name)) {
        SupervisedService service = new SupervisedService(name);
        services.put(name, service);
        load(service);
      }
    }
  }

  @Override
  public dev.steward.agent.v1.ServiceBackend kind() {
    return dev.steward.agent.v1.ServiceBackend.SERVICE_BACKEND_SUPERVISOR;
  }

  @Override
  public void validate(ServiceResource definition) throws ServiceException {
    ServiceDefinitions.requireWellFormed(definition);
    String user = definition.getLaunch().getUser();
    if (!user.isEmpty() && !user.equals(Ownership.currentUser())) {
      throw new ServiceException(Reason.UNSUPPORTED, ServiceNames.shortName(definition.getService())
          + " should run as user '" + user + "', but the supervisor backend runs services only as the agent's own user ('"
          + Ownership.currentUser() + "'): leave launch.user empty, or run the agent with the systemd backend");
    }
    ServiceResource real = RealServiceDefinition.of(hostRoot, definition);
    try {
      commandLines.argv(real, RealServiceDefinition.javaExecutable(real, defaultJavaHome).toString());
    } catch (IllegalArgumentException e) {
      throw new ServiceException(Reason.INVALID_DEFINITION, e.getMessage(), e);
    }
  }

  @Override
  public boolean define(ServiceResource definition) throws ServiceException {
    validate(definition);
    SupervisedService service = services.get(definition.getService());
    synchronized (service) {
      if (definition.equals(service.definition)) {
        return false;
      }
      try {
        AtomicFiles.write(definitionFile(service.name),
            ProtoJson.print(definition).getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ServiceException(Reason.OPERATION_FAILED, "cannot store the definition of "
            + ServiceNames.shortName(service.name) + ": " + e.getMessage(), e);
      }
      service.definition = definition;
      return true;
    }
  }

  @Override
  public Optional<ServiceResource> definition(ServiceName name) {
    SupervisedService service = services.get(name);
    if (service == null) {
      return Optional.empty();
    }
    synchronized (service) {
      return Optional.ofNullable(service.definition);
    }
  }

  @Override
  public ServiceStatus start(ServiceName name) throws ServiceException {
    SupervisedService service = defined(name);
    // Checked before taking this service's lock: status() of the required one takes its own.
    checkRequirements(service);
    synchronized (service) {
      if (service.phase == SupervisedService.Phase.RUNNING) {
        return service.status();
      }
      service.cancelScheduledRestart();
      launch(service, "start");
      return service.status();
    }
  }

  @Override
  public ServiceStatus stop(ServiceName name) throws ServiceException {
    SupervisedService service = services.get(name);
    if (service == null) {
      return ServiceStatuses.notInstalled(name);
    }
    ProcessHandle handle;
    long generation;
    Duration timeout;
    synchronized (service) {
      service.cancelScheduledRestart();
      if (service.phase == SupervisedService.Phase.AUTO_RESTART) {
        service.phase = SupervisedService.Phase.DEAD;
        service.detail = "";
        persist(service);
      }
      if (service.phase != SupervisedService.Phase.RUNNING) {
        return service.status();
      }
      service.stopRequested = true;
      persist(service);
      handle = service.handle;
      generation = service.generation;
      int seconds = service.definition == null ? 0 : service.definition.getLaunch().getStopTimeoutSeconds();
      timeout = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_STOP_TIMEOUT;
    }
    log.info("stopping {} (pid {}): SIGTERM, kill after {}s", ServiceNames.shortName(name), handle.pid(),
        timeout.toSeconds());
    handle.destroy();
    if (!waitForExit(service, generation, timeout)) {
      log.warn("{} (pid {}) did not stop within {}s: killing it", ServiceNames.shortName(name), handle.pid(),
          timeout.toSeconds());
      handle.destroyForcibly();
      if (!waitForExit(service, generation, KILL_WAIT)) {
        throw new ServiceException(Reason.OPERATION_FAILED, ServiceNames.shortName(name) + " (pid " + handle.pid()
            + ") is still running after SIGKILL");
      }
    }
    synchronized (service) {
      return service.status();
    }
  }

  @Override
  public ServiceStatus restart(ServiceName name) throws ServiceException {
    SupervisedService service = defined(name);
    // Refuse before stopping: a restart that can only stop would be an outage.
    checkRequirements(service);
    stop(name);
    return start(name);
  }

  @Override
  public ServiceStatus status(ServiceName name) {
    SupervisedService service = services.get(name);
    if (service == null) {
      return ServiceStatuses.notInstalled(name);
    }
    synchronized (service) {
      return service.status();
    }
  }

  @Override
  public List<ServiceStatus> list() {
    List<ServiceStatus> statuses = new ArrayList<>();
    for (SupervisedService service : services.values()) {
      synchronized (service) {
        if (service.definition != null) {
          statuses.add(service.status());
        }
      }
    }
    return statuses;
  }

  @Override
  public void startEnabledServices() {
    // Enum order is dependency order (zookeeper, kafka, connect), so requirements come up first.
    for (SupervisedService service : services.values()) {
      boolean wanted;
      synchronized (service) {
        wanted = service.definition != null && service.definition.getEnabled()
            && service.phase != SupervisedService.Phase.RUNNING;
      }
      if (wanted) {
        try {
          start(service.name);
        } catch (ServiceException e) {
          log.warn("enabled service {} did not start: {}", ServiceNames.shortName(service.name), e.getMessage());
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    for (SupervisedService service : services.values()) {
      synchronized (service) {
        service.cancelScheduledRestart();
        service.notifyAll();
      }
    }
  }

  // ------------------------------------------------------------------ launching and watching

  private void launch(SupervisedService service, String why) throws ServiceException {
    ServiceResource real = RealServiceDefinition.of(hostRoot, service.definition);
    List<String> argv = commandLines.argv(real,
        RealServiceDefinition.javaExecutable(real, defaultJavaHome).toString());
    String shortName = ServiceNames.shortName(service.name);
    try {
      Path logDir = Path.of(real.getLaunch().getLogDir());
      Files.createDirectories(logDir);
      List<String> command = new ArrayList<>();
      if (Files.isExecutable(SETSID)) {
        // its own session: a terminal's ^C or a signal to the agent's process group does not reach it
        command.add(SETSID.toString());
      }
      command.addAll(argv);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().clear();
      builder.environment().putAll(ServiceEnvironment.of(System.getenv()));
      Process process = builder
          .directory(new File(real.getLaunch().getInstallDir()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(shortName + ".out").toFile()))
          .redirectErrorStream(true)
          .start();
      ProcessHandle handle = process.toHandle();
      service.generation++;
      service.handle = handle;
      service.processStartMillis = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
      service.launchedAtMillis = clock.millis();
      service.phase = SupervisedService.Phase.RUNNING;
      service.detail = "";
      service.stopRequested = false;
      persist(service);
      long generation = service.generation;
      process.onExit().thenAcceptAsync(exited -> onExit(service, generation, exited.exitValue()), scheduler);
      log.info("started {} (pid {}, {}): {}", shortName, handle.pid(), why, String.join(" ", argv));
    } catch (IOException | RuntimeException e) {
      service.phase = SupervisedService.Phase.FAILED;
      service.detail = "launch failed";
      persist(service);
      throw new ServiceException(Reason.OPERATION_FAILED, "cannot launch " + shortName + ": " + e.getMessage()
          + " (check launch.install_dir and java_home)", e);
    }
    events.launched(service.name, why);
  }

  private void onExit(SupervisedService service, long generation, int exitStatus) {
    boolean expected;
    synchronized (service) {
      if (closed || service.generation != generation || service.phase != SupervisedService.Phase.RUNNING) {
        return;
      }
      String shortName = ServiceNames.shortName(service.name);
      Duration ranFor = Duration.ofMillis(Math.max(0, clock.millis() - service.launchedAtMillis));
      long pid = service.handle.pid();
      service.handle = null;
      service.lastExitStatus = exitStatus;
      expected = service.stopRequested;
      service.stopRequested = false;
      if (expected) {
        service.phase = ExitClassifier.isCleanAfterOurStop(exitStatus) ? SupervisedService.Phase.DEAD
            : SupervisedService.Phase.FAILED;
        service.detail = service.phase == SupervisedService.Phase.FAILED ? "exit status " + exitStatus : "";
        log.info("{} (pid {}) stopped, exit status {}", shortName, pid, exitStatus);
      } else if (ExitClassifier.isCleanStop(exitStatus)) {
        service.phase = SupervisedService.Phase.DEAD;
        service.detail = "exited on its own";
        log.warn("{} (pid {}) exited on its own with status {}: not restarting (a clean exit)", shortName, pid,
            exitStatus);
      } else {
        service.crashStreak = RestartBackoff.nextStreak(service.crashStreak, ranFor);
        Duration delay = RestartBackoff.delay(service.crashStreak, service.definition.getLaunch().getRestartDelaySeconds());
        service.phase = SupervisedService.Phase.AUTO_RESTART;
        service.detail = "crashed with status " + exitStatus;
        long next = service.generation;
        service.scheduledRestart = scheduler.schedule(() -> restartAfterCrash(service, next), delay.toMillis(),
            TimeUnit.MILLISECONDS);
        log.warn("{} (pid {}) crashed with exit status {} after {}s: restarting in {}s", shortName, pid, exitStatus,
            ranFor.toSeconds(), delay.toSeconds());
      }
      persist(service);
      service.notifyAll();
    }
    events.exited(service.name, exitStatus, expected);
  }

  private void restartAfterCrash(SupervisedService service, long generation) {
    synchronized (service) {
      if (closed || service.generation != generation || service.phase != SupervisedService.Phase.AUTO_RESTART) {
        return;
      }
      service.scheduledRestart = null;
      service.crashRestarts++;
      try {
        // Requirements are not checked here: kafka retries its ZooKeeper connection by itself,
        // and leaving it down would turn a zookeeper blip into a kafka outage.
        launch(service, "crash restart #" + service.crashRestarts);
      } catch (ServiceException e) {
        log.error("crash restart of {} failed: {}", ServiceNames.shortName(service.name), e.getMessage());
      }
    }
  }

  private boolean waitForExit(SupervisedService service, long generation, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (service) {
      while (!closed && service.generation == generation && service.phase == SupervisedService.Phase.RUNNING) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(service, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void checkRequirements(SupervisedService service) throws ServiceException {
    ServiceResource definition;
    synchronized (service) {
      definition = service.definition;
    }
    ServiceDefinitions.requireActive(service.name, definition.getRequiresList(), this::status);
  }

  private SupervisedService defined(ServiceName name) throws ServiceException {
    SupervisedService service = services.get(name);
    boolean isDefined;
    if (service == null) {
      isDefined = false;
    } else {
      synchronized (service) {
        isDefined = service.definition != null;
      }
    }
    if (!isDefined) {
      throw new ServiceException(Reason.NOT_DEFINED, "no definition for " + ServiceNames.shortName(name)
          + " on this host: apply its service resource first");
    }
    return service;
  }

  // ------------------------------------------------------------------ state on disk

  private Path definitionFile(ServiceName name) {
    return dir.resolve(ServiceNames.shortName(name) + ".definition.json");
  }

  private Path processFile(ServiceName name) {
    return dir.resolve(ServiceNames.shortName(name) + ".process.json");
  }

  private void persist(SupervisedService service) {
    try {
      AtomicFiles.write(processFile(service.name), service.record().toJson().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The service runs regardless; only adoption after an agent restart is at risk.
      log.error("cannot record the process of {} in {}: {}", ServiceNames.shortName(service.name), dir,
          e.getMessage());
    }
  }

  private void load(SupervisedService service) throws IOException {
    Path definitionFile = definitionFile(service.name);
    if (!Files.exists(definitionFile)) {
      return;
    }
    ServiceResource.Builder definition = ServiceResource.newBuilder();
    try {
      ProtoJson.merge(Files.readString(definitionFile), definition);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("corrupt service definition " + definitionFile + ": " + e.getMessage(), e);
    }
    service.definition = definition.build();
    Path processFile = processFile(service.name);
    if (!Files.exists(processFile)) {
      return;
    }
    ProcessRecord record;
    try {
      record = ProcessRecord.fromJson(Files.readString(processFile, StandardCharsets.UTF_8));
    } catch (ArithmeticException e) {
      throw new IOException("corrupt process record " + processFile + ": " + e.getMessage(), e);
    }
    service.crashRestarts = record.crashRestarts();
    service.crashStreak = record.crashStreak();
    service.lastExitStatus = record.lastExitStatus();
    boolean wasRunning = SupervisedService.Phase.RUNNING.name().equals(record.phase());
    Optional<ProcessHandle> adoptable = wasRunning ? adoptable(record) : Optional.empty();
    if (adoptable.isPresent()) {
      adopt(service, adoptable.get(), record);
    } else if (wasRunning || SupervisedService.Phase.AUTO_RESTART.name().equals(record.phase())) {
      service.phase = SupervisedService.Phase.FAILED;
      service.detail = "exited while the agent was not running";
      service.lastExitStatus = -1;
      persist(service);
    } else {
      service.phase = SupervisedService.Phase.valueOf(record.phase());
    }
  }

  /** The recorded process, if it still runs: same pid and the same kernel start time (not a reused pid). */
  static Optional<ProcessHandle> adoptable(ProcessRecord record) {
    if (record.pid() <= 0 || record.processStartMillis() <= 0) {
      return Optional.empty();
    }
    return ProcessHandle.of(record.pid())
        .filter(ProcessHandle::isAlive)
        .filter(handle -> handle.info().startInstant()
            .map(start -> Math.abs(start.toEpochMilli() - record.processStartMillis()) <= START_INSTANT_TOLERANCE_MILLIS)
            .orElse(false));
  }

  private void adopt(SupervisedService service, ProcessHandle handle, ProcessRecord record) {
    service.generation++;
    service.handle = handle;
    service.processStartMillis = record.processStartMillis();
    service.launchedAtMillis = record.launchedAtMillis();
    service.phase = SupervisedService.Phase.RUNNING;
    service.detail = "";
    long generation = service.generation;
    // Not our child (or not this JVM's Process object): the exit status is unknown.
    handle.onExit().thenRunAsync(() -> onExit(service, generation, -1), scheduler);
    log.info("adopted running {} (pid {})", ServiceNames.shortName(service.name), handle.pid());
  }
}
