package dev.steward.agent.service.systemd;

import dev.steward.agent.exec.CommandRunner;
import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.host.PosixModes;
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
import dev.steward.common.render.SystemdUnitRenderer;
import dev.steward.common.service.ServiceNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services as systemd units ({@code /etc/systemd/system/<service>.service}) on a real host.
 * systemd supervises; the agent writes units, enables, starts and stops them, and reads their
 * state with {@code systemctl show}. It never restarts a service on its own: a changed unit of
 * a running service becomes a restart reason (UNIT_CHANGED) upstream.
 *
 * <p>The definition a unit was rendered from is kept in {@code <state>/systemd/} for what the
 * unit text does not say plainly (the stop timeout, the services it requires); the unit file
 * itself stays the source of truth (a hand edit shows up as drift, because the unit no longer
 * matches the rendering of the desired definition).
 */
public final class SystemdBackend implements ServiceBackend {

  private static final Logger log = LoggerFactory.getLogger(SystemdBackend.class);
  private static final String UNIT_DIR = "/etc/systemd/system";

  private final HostRoot hostRoot;
  private final Path definitionsDir;
  private final Path defaultJavaHome;
  private final ServiceEvents events;
  private final Clock clock;
  private final LongSupplier monotonicMicros;
  private final Systemctl systemctl;
  /** The last ActiveEnterTimestampMonotonic seen per service: a new one means a new process. */
  private final Map<ServiceName, Long> lastActiveEnter = new EnumMap<>(ServiceName.class);

  public SystemdBackend(HostRoot hostRoot, Path stateDir, Path defaultJavaHome, ServiceEvents events, Clock clock,
                        CommandRunner runner) throws IOException {
    // CLOCK_MONOTONIC is what both System.nanoTime (on Linux) and systemd's *Monotonic timestamps use
    this(hostRoot, stateDir, defaultJavaHome, events, clock, runner, () -> System.nanoTime() / 1000);
  }

  SystemdBackend(HostRoot hostRoot, Path stateDir, Path defaultJavaHome, ServiceEvents events, Clock clock,
                 CommandRunner runner, LongSupplier monotonicMicros) throws IOException {
    this.hostRoot = hostRoot;
    this.definitionsDir = Files.createDirectories(stateDir.resolve("systemd"));
    this.defaultJavaHome = defaultJavaHome;
    this.events = events;
    this.clock = clock;
    this.monotonicMicros = monotonicMicros;
    this.systemctl = new Systemctl(runner);
  }

  @Override
  public dev.steward.agent.v1.ServiceBackend kind() {
    return dev.steward.agent.v1.ServiceBackend.SERVICE_BACKEND_SYSTEMD;
  }

  @Override
  public void validate(ServiceResource definition) throws ServiceException {
    ServiceDefinitions.requireWellFormed(definition);
    render(definition);
  }

  @Override
  public String definitionText(ServiceResource definition) throws ServiceException {
    return render(definition);
  }

  @Override
  public Optional<String> installedDefinitionText(ServiceName service) {
    try {
      Path unit = unitFile(service);
      return Files.isRegularFile(unit) ? Optional.of(Files.readString(unit)) : Optional.empty();
    } catch (IOException | ServiceException e) {
      log.warn("cannot read the unit of {}: {}", ServiceNames.shortName(service), e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public synchronized boolean define(ServiceResource definition) throws ServiceException {
    validate(definition);
    ServiceName service = definition.getService();
    String unit = SystemdUnitRenderer.unitName(service);
    String text = render(definition);
    Path unitFile = unitFile(service);
    boolean unitChanged = !installedDefinitionText(service).map(text::equals).orElse(false);
    try {
      if (unitChanged) {
        Files.createDirectories(unitFile.getParent());
        AtomicFiles.write(unitFile, text.getBytes(StandardCharsets.UTF_8), PosixModes.toPermissions(0644), t -> { });
        log.info("wrote {}", unitFile);
      }
      storeDefinition(definition);
    } catch (IOException e) {
      throw new ServiceException(Reason.OPERATION_FAILED, "cannot write " + unitFile + ": " + e.getMessage(), e);
    }
    SystemctlShow show = systemctl.show(unit);
    // Only a changed unit is reloaded; NeedDaemonReload also covers a write whose reload never ran (agent crash).
    if (unitChanged || show.needsDaemonReload()) {
      systemctl.daemonReload();
      show = systemctl.show(unit);
    }
    if (definition.getEnabled() && !show.enabled()) {
      systemctl.enable(unit);
    } else if (!definition.getEnabled() && show.enabled()) {
      systemctl.disable(unit);
    }
    return unitChanged;
  }

  /** The stored definition, with the enablement systemd actually has (someone may have run systemctl disable). */
  @Override
  public Optional<ServiceResource> definition(ServiceName service) {
    Optional<ServiceResource> stored = storedDefinition(service);
    if (stored.isEmpty() || installedDefinitionText(service).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(stored.get().toBuilder().setEnabled(status(service).getEnabled()).build());
  }

  @Override
  public ServiceStatus start(ServiceName service) throws ServiceException {
    requireDefined(service);
    ServiceStatus before = status(service);
    if (ServiceStatuses.isActive(before)) {
      return before;
    }
    checkRequirements(service);
    systemctl.start(SystemdUnitRenderer.unitName(service));
    events.launched(service, "start");
    return status(service);
  }

  @Override
  public ServiceStatus stop(ServiceName service) throws ServiceException {
    if (installedDefinitionText(service).isEmpty()) {
      return ServiceStatuses.notInstalled(service);
    }
    systemctl.stop(SystemdUnitRenderer.unitName(service), stopTimeout(service));
    return status(service);
  }

  @Override
  public ServiceStatus restart(ServiceName service) throws ServiceException {
    requireDefined(service);
    // Refuse before stopping: a restart that can only stop would be an outage.
    checkRequirements(service);
    systemctl.restart(SystemdUnitRenderer.unitName(service), stopTimeout(service));
    events.launched(service, "restart");
    return status(service);
  }

  @Override
  public ServiceStatus status(ServiceName service) {
    if (!ServiceNames.isManaged(service)) {
      return ServiceStatuses.notInstalled(service);
    }
    SystemctlShow show;
    try {
      show = systemctl.show(SystemdUnitRenderer.unitName(service));
    } catch (ServiceException e) {
      log.warn("cannot read the state of {}: {}", ServiceNames.shortName(service), e.getMessage());
      return ServiceStatuses.notInstalled(service).toBuilder().setSubState("unknown: " + e.getMessage()).build();
    }
    noticeNewProcess(service, show.activeEnterMonotonicMicros());
    return show.toStatus(service, monotonicMicros.getAsLong(), clock.millis());
  }

  @Override
  public List<ServiceStatus> list() {
    List<ServiceStatus> statuses = new ArrayList<>();
    for (ServiceName service : ServiceName.values()) {
      if (ServiceNames.isManaged(service) && installedDefinitionText(service).isPresent()) {
        statuses.add(status(service));
      }
    }
    return statuses;
  }

  /** systemd itself starts enabled units at boot. */
  @Override
  public void startEnabledServices() {
  }

  @Override
  public void close() {
  }

  // ------------------------------------------------------------------ helpers

  /**
   * A process the agent did not launch (a crash restart by systemd, a hand-run systemctl
   * restart) reads the current inputs too: pending restart reasons no longer apply.
   */
  private void noticeNewProcess(ServiceName service, long activeEnter) {
    Long previous;
    synchronized (lastActiveEnter) {
      previous = lastActiveEnter.put(service, activeEnter);
    }
    if (previous != null && previous != 0 && activeEnter != 0 && activeEnter != previous) {
      events.launched(service, "started outside the agent");
    }
  }

  private String render(ServiceResource definition) throws ServiceException {
    ServiceResource real = RealServiceDefinition.of(hostRoot, definition);
    try {
      return SystemdUnitRenderer.render(real, RealServiceDefinition.javaExecutable(real, defaultJavaHome).toString());
    } catch (IllegalArgumentException e) {
      throw new ServiceException(Reason.INVALID_DEFINITION, e.getMessage(), e);
    }
  }

  private Path unitFile(ServiceName service) throws ServiceException {
    try {
      return hostRoot.resolve("unit file", UNIT_DIR + "/" + SystemdUnitRenderer.unitName(service));
    } catch (PathRejectedException e) {
      throw new ServiceException(Reason.OPERATION_FAILED, e.getMessage(), e);
    }
  }

  private Path definitionFile(ServiceName service) {
    return definitionsDir.resolve(ServiceNames.shortName(service) + ".definition.json");
  }

  private void storeDefinition(ServiceResource definition) throws IOException {
    byte[] json = ProtoJson.print(definition).getBytes(StandardCharsets.UTF_8);
    Path file = definitionFile(definition.getService());
    if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), json)) {
      AtomicFiles.write(file, json);
    }
  }

  private Optional<ServiceResource> storedDefinition(ServiceName service) {
    Path file = definitionFile(service);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      ServiceResource.Builder definition = ServiceResource.newBuilder();
      ProtoJson.merge(Files.readString(file), definition);
      return Optional.of(definition.build());
    } catch (IOException e) { // includes InvalidProtocolBufferException
      log.warn("ignoring the unreadable definition {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private void requireDefined(ServiceName service) throws ServiceException {
    if (!ServiceNames.isManaged(service) || installedDefinitionText(service).isEmpty()) {
      throw new ServiceException(Reason.NOT_DEFINED, "no unit for " + ServiceNames.shortName(service)
          + " on this host: apply its service resource first");
    }
  }

  private Duration stopTimeout(ServiceName service) {
    return Duration.ofSeconds(storedDefinition(service)
        .map(definition -> SystemdUnitRenderer.stopTimeoutSeconds(definition.getLaunch()))
        .orElse(SystemdUnitRenderer.DEFAULT_STOP_TIMEOUT_SECONDS));
  }

  private void checkRequirements(ServiceName service) throws ServiceException {
    ServiceDefinitions.requireActive(service,
        storedDefinition(service).map(ServiceResource::getRequiresList).orElse(List.of()), this::status);
  }
}
