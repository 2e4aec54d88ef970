package dev.steward.agent.testing;

import dev.steward.agent.service.ServiceBackend;
import dev.steward.agent.service.ServiceEvents;
import dev.steward.agent.service.ServiceException;
import dev.steward.agent.service.ServiceStatuses;
import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory backend for tests of what sits above the backend (resources, control, RPCs). */
public final class FakeServiceBackend implements ServiceBackend {

  private final Map<ServiceName, ServiceResource> definitions = new EnumMap<>(ServiceName.class);
  private final Map<ServiceName, Boolean> running = new EnumMap<>(ServiceName.class);
  private final ServiceEvents events;
  public final List<String> actions = new ArrayList<>();
  private int nextPid = 1000;

  public FakeServiceBackend() {
    this(ServiceEvents.NONE);
  }

  public FakeServiceBackend(ServiceEvents events) {
    this.events = events;
  }

  /** Pretends a service runs without going through start (a pre-existing process). */
  public synchronized FakeServiceBackend markRunning(ServiceName service) {
    running.put(service, true);
    return this;
  }

  @Override
  public dev.steward.agent.v1.ServiceBackend kind() {
    return dev.steward.agent.v1.ServiceBackend.SERVICE_BACKEND_SUPERVISOR;
  }

  @Override
  public void validate(ServiceResource definition) throws ServiceException {
    if (!definition.getLaunch().getUser().isEmpty()) {
      throw new ServiceException(ServiceException.Reason.UNSUPPORTED, "fake backend: no users");
    }
  }

  @Override
  public synchronized boolean define(ServiceResource definition) throws ServiceException {
    validate(definition);
    actions.add("define " + definition.getService());
    return !definition.equals(definitions.put(definition.getService(), definition));
  }

  @Override
  public synchronized Optional<ServiceResource> definition(ServiceName service) {
    return Optional.ofNullable(definitions.get(service));
  }

  /** When set, start() announces itself on {@code startEntered} and waits for the gate: a slow start. */
  public volatile java.util.concurrent.CountDownLatch startGate;
  public final java.util.concurrent.CountDownLatch startEntered = new java.util.concurrent.CountDownLatch(1);

  @Override
  public ServiceStatus start(ServiceName service) throws ServiceException {
    java.util.concurrent.CountDownLatch gate = startGate;
    if (gate != null) {
      startEntered.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return startNow(service);
  }

  private synchronized ServiceStatus startNow(ServiceName service) throws ServiceException {
    if (!definitions.containsKey(service)) {
      throw new ServiceException(ServiceException.Reason.NOT_DEFINED, "no definition for " + service);
    }
    for (ServiceName required : definitions.get(service).getRequiresList()) {
      if (!running.getOrDefault(required, false)) {
        throw new ServiceException(ServiceException.Reason.REQUIREMENT_NOT_ACTIVE, service + " requires " + required);
      }
    }
    actions.add("start " + service);
    if (!running.getOrDefault(service, false)) {
      running.put(service, true);
      nextPid++;
      events.launched(service, "start");
    }
    return status(service);
  }

  @Override
  public synchronized ServiceStatus stop(ServiceName service) {
    actions.add("stop " + service);
    running.put(service, false);
    return status(service);
  }

  @Override
  public synchronized ServiceStatus restart(ServiceName service) throws ServiceException {
    actions.add("restart " + service);
    running.put(service, false);
    return startNow(service);
  }

  @Override
  public synchronized ServiceStatus status(ServiceName service) {
    if (!definitions.containsKey(service) && !running.containsKey(service)) {
      return ServiceStatuses.notInstalled(service);
    }
    boolean active = running.getOrDefault(service, false);
    ServiceStatus.Builder status = ServiceStatus.newBuilder()
        .setService(service)
        .setInstalled(definitions.containsKey(service))
        .setActiveState(active ? ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE
            : ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE);
    if (active) {
      status.setMainPid(nextPid);
    }
    return status.build();
  }

  @Override
  public synchronized List<ServiceStatus> list() {
    return definitions.keySet().stream().map(this::status).toList();
  }

  @Override
  public void startEnabledServices() {
  }

  @Override
  public void close() {
  }
}
