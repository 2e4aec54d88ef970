package dev.steward.coordinator.probe;

import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;
import dev.steward.common.service.ServiceNames;
import dev.steward.coordinator.agent.AgentCallException;
import dev.steward.coordinator.agent.AgentClient;

/** Reads a {@link ServiceProcess} from a host's agent. */
public final class ServiceProcesses {

  private ServiceProcesses() {
  }

  public static ServiceProcess of(AgentClient agent, String host, ServiceName service) {
    String name = ServiceNames.shortName(service);
    ServiceStatus status;
    try {
      status = agent.serviceStatus(service);
    } catch (AgentCallException e) {
      if (e.unreachable()) {
        return ServiceProcess.agentUnreachable(host, name, e.getMessage());
      }
      throw e;
    }
    return from(host, name, status);
  }

  public static ServiceProcess from(String host, String service, ServiceStatus status) {
    boolean running = status.getActiveState() == ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE;
    return new ServiceProcess(host, service, true, running, running ? status.getActiveSinceUnixMillis() : 0,
        status.getLastExitStatus(), status.getPendingRestartsCount() > 0, status.getSubState());
  }
}
