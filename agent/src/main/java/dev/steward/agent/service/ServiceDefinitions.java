package dev.steward.agent.service;

import dev.steward.agent.v1.ServiceResource;
import dev.steward.common.service.ServiceNames;

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
}
