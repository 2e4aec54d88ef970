package dev.steward.agent.installation;

import dev.steward.agent.service.ServiceBackend;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;
import java.util.Optional;

/**
 * systemd's state of the guide's units, when systemd runs this host's services. The guide's unit
 * names are the ones Steward's systemd backend uses, so its status call reads them whether or not
 * Steward wrote them.
 */
@FunctionalInterface
public interface UnitStates {

  /** Empty when the host's services do not run under systemd (the sandbox's supervisor). */
  Optional<ServiceStatus> of(ServiceName service);

  UnitStates NONE = service -> Optional.empty();

  static UnitStates of(ServiceBackend backend) {
    if (backend.kind() != dev.steward.agent.v1.ServiceBackend.SERVICE_BACKEND_SYSTEMD) {
      return NONE;
    }
    return service -> Optional.of(backend.status(service));
  }
}
