package dev.steward.agent.service.supervisor;

import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceStatus;
import java.util.concurrent.ScheduledFuture;

/**
 * The supervisor's mutable view of one service. Every field is guarded by this object's
 * monitor; waiting for a state change uses the same monitor.
 */
final class SupervisedService {

  enum Phase {
    /** Not running, by request or after a clean exit. */
    DEAD(ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE, "dead"),
    RUNNING(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE, "running"),
    /** Crashed; a restart is scheduled after the backoff. */
    AUTO_RESTART(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVATING, "auto-restart"),
    /** Could not be launched, or failed in a way the supervisor does not retry. */
    FAILED(ServiceActiveState.SERVICE_ACTIVE_STATE_FAILED, "failed");

    final ServiceActiveState activeState;
    final String subState;

    Phase(ServiceActiveState activeState, String subState) {
      this.activeState = activeState;
      this.subState = subState;
    }
  }

  final ServiceName name;
  ServiceResource definition;
  Phase phase = Phase.DEAD;
  String detail = "";
  ProcessHandle handle;
  long processStartMillis;
  long launchedAtMillis;
  boolean stopRequested;
  int crashRestarts;
  int crashStreak;
  int lastExitStatus = -1;
  ScheduledFuture<?> scheduledRestart;
  /** Bumped at every launch so that the exit of an older process is not mistaken for the current one's. */
  long generation;

  SupervisedService(ServiceName name) {
    this.name = name;
  }

  ServiceStatus status() {
    ServiceStatus.Builder status = ServiceStatus.newBuilder()
        .setService(name)
        .setInstalled(definition != null)
        .setEnabled(definition != null && definition.getEnabled())
        .setActiveState(phase.activeState)
        .setSubState(detail.isEmpty() ? phase.subState : phase.subState + ": " + detail)
        .setCrashRestarts(crashRestarts)
        .setLastExitStatus(lastExitStatus);
    if (phase == Phase.RUNNING && handle != null) {
      status.setMainPid(handle.pid()).setActiveSinceUnixMillis(launchedAtMillis);
    }
    return status.build();
  }

  ProcessRecord record() {
    return new ProcessRecord(phase == Phase.RUNNING && handle != null ? handle.pid() : 0, processStartMillis,
        launchedAtMillis, phase.name(), crashRestarts, crashStreak, lastExitStatus);
  }

  void cancelScheduledRestart() {
    if (scheduledRestart != null) {
      scheduledRestart.cancel(false);
      scheduledRestart = null;
    }
  }
}
