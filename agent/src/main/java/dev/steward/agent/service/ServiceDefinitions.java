package dev.steward.agent.service;

import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceStatus;
import dev.steward.common.service.ServiceNames;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Checks every backend makes of a service definition before anything else. */
public final class ServiceDefinitions {

  private ServiceDefinitions() {
  }

  /** A managed service that does not require itself. */
  public static void requireWellFormed(ServiceResource definition) throws ServiceException {
    if (!ServiceNames.isManaged(definition.getService())) {
      throw new ServiceException(ServiceException.Reason.INVALID_DEFINITION, "service.service must name a managed "
          + "service (SERVICE_NAME_ZOOKEEPER, SERVICE_NAME_KAFKA or SERVICE_NAME_KAFKA_CONNECT)");
    }
    if (definition.getRequiresList().contains(definition.getService())) {
      throw new ServiceException(ServiceException.Reason.INVALID_DEFINITION,
          ServiceNames.shortName(definition.getService()) + " lists itself in service.requires: remove it");
    }
  }

  /**
   * The services {@code service} requires must be running before it starts (the guide's
   * Requires=zookeeper.service, for both backends).
   */
  public static void requireActive(ServiceName service, List<ServiceName> requires,
      Function<ServiceName, ServiceStatus> status) throws ServiceException {
    for (ServiceName required : requires) {
      ServiceStatus current = status.apply(required);
      if (!ServiceStatuses.isActive(current)) {
        throw new ServiceException(ServiceException.Reason.REQUIREMENT_NOT_ACTIVE, ServiceNames.shortName(service)
            + " requires " + ServiceNames.shortName(required) + " on this host, which is "
            + current.getActiveState().name().replace("SERVICE_ACTIVE_STATE_", "").toLowerCase(Locale.ROOT)
            + ": start " + ServiceNames.shortName(required) + " first");
      }
    }
  }
}
