package dev.steward.agent.service;

import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;

/** Small helpers around the ServiceStatus message. */
public final class ServiceStatuses {

  private ServiceStatuses() {
  }

  /** The status of a service no backend knows about. */
  public static ServiceStatus notInstalled(ServiceName service) {
    return ServiceStatus.newBuilder()
        .setService(service)
        .setInstalled(false)
        .setActiveState(ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE)
        .setSubState("dead")
        .setLastExitStatus(-1)
        .build();
  }

  public static boolean isActive(ServiceStatus status) {
    return status.getActiveState() == ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE;
  }

  /** Active, or about to be again (a crash restart is scheduled). */
  public static boolean isRunningOrRestarting(ServiceStatus status) {
    return isActive(status) || status.getActiveState() == ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVATING;
  }
}
