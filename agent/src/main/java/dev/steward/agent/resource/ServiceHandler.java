package dev.steward.agent.resource;

import dev.steward.agent.service.ServiceBackend;
import dev.steward.agent.service.ServiceException;
import dev.steward.agent.service.ServiceStatuses;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.RestartReason;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import dev.steward.agent.v1.ServiceStatus;
import dev.steward.common.service.ServiceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A managed service: its definition in the backend and its run state. A running service is
 * never restarted here, not even when its definition changed: that becomes a restart reason
 * and the coordinator decides when (rolling, one node at a time).
 */
public final class ServiceHandler implements ResourceHandler<ServiceResource, ServiceHandler.Observed> {

  /**
   * The backend's view.
   *
   * @param installedText what is installed, as the backend renders it (a unit file), if anything
   * @param desiredText what the desired definition renders to ("" when invalid)
   * @param invalid why the backend cannot run the desired definition, or ""
   */
  public record Observed(Optional<ServiceResource> definition, Optional<String> installedText, String desiredText,
                         ServiceStatus status, String invalid) {
  }

  private final ServiceBackend backend;

  public ServiceHandler(ServiceBackend backend) {
    this.backend = backend;
  }

  @Override
  public ServiceResource desired(Resource resource) {
    return resource.getService();
  }

  @Override
  public Observed observe(ServiceResource desired) {
    String invalid = "";
    String desiredText = "";
    try {
      backend.validate(desired);
      desiredText = backend.definitionText(desired);
    } catch (ServiceException e) {
      invalid = e.getMessage();
    }
    return new Observed(backend.definition(desired.getService()), backend.installedDefinitionText(desired.getService()),
        desiredText, backend.status(desired.getService()), invalid);
  }

  @Override
  public Diff diff(ServiceResource desired, Observed observed) {
    if (!observed.invalid().isEmpty()) {
      return Diff.conflict(observed.invalid());
    }
    String name = ServiceNames.shortName(desired.getService());
    List<String> lines = new ArrayList<>();
    boolean definitionChanges = observed.installedText().map(current -> !current.equals(observed.desiredText()))
        .orElse(true);
    if (observed.installedText().isEmpty()) {
      lines.add("define " + name);
    } else if (definitionChanges) {
      lines.add(TextDiff.unified(name + " definition", observed.installedText().get(), observed.desiredText())
          .stripTrailing());
    }
    if (observed.definition().isPresent() && observed.definition().get().getEnabled() != desired.getEnabled()) {
      lines.add((desired.getEnabled() ? "enable " : "disable ") + name + " (start at boot, or when the agent starts under the supervisor)");
    }
    boolean running = ServiceStatuses.isRunningOrRestarting(observed.status());
    boolean wantRunning = desired.getState() == ServiceRunState.SERVICE_RUN_STATE_RUNNING;
    boolean wantStopped = desired.getState() == ServiceRunState.SERVICE_RUN_STATE_STOPPED;
    if (wantRunning && !ServiceStatuses.isActive(observed.status())) {
      lines.add("start " + name);
    } else if (wantStopped && running) {
      lines.add("stop " + name);
    }
    if (lines.isEmpty()) {
      return Diff.none();
    }
    List<RestartReason> reasons = new ArrayList<>();
    if (definitionChanges && observed.installedText().isPresent() && ServiceStatuses.isActive(observed.status())
        && !wantStopped) {
      reasons.add(RestartReason.newBuilder()
          .setService(desired.getService())
          .setKind(RestartReasonKind.RESTART_REASON_KIND_UNIT_CHANGED)
          .setDetail(name + " definition changed")
          .build());
    }
    return Diff.change(String.join("\n", lines), reasons);
  }

  @Override
  public String apply(ServiceResource desired, Observed observed, Diff diff) throws ResourceFailure {
    try {
      backend.define(desired);
      ServiceStatus status = backend.status(desired.getService());
      if (desired.getState() == ServiceRunState.SERVICE_RUN_STATE_RUNNING && !ServiceStatuses.isActive(status)) {
        status = backend.start(desired.getService());
        return "started, pid " + status.getMainPid();
      }
      if (desired.getState() == ServiceRunState.SERVICE_RUN_STATE_STOPPED
          && ServiceStatuses.isRunningOrRestarting(status)) {
        backend.stop(desired.getService());
        return "stopped";
      }
      return "";
    } catch (ServiceException e) {
      throw new ResourceFailure(e.getMessage(), e);
    }
  }
}
