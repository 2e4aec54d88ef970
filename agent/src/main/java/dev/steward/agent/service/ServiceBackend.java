package dev.steward.agent.service;

import com.google.protobuf.TextFormat;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceStatus;
import java.util.List;
import java.util.Optional;

/**
 * Runs the managed services of a host: systemd on real hosts, the agent's own supervisor
 * where there is no systemd (the sandbox). Definitions carry logical paths; the backend maps
 * them to real ones. Statuses come without pending restart reasons: those are the agent's
 * bookkeeping, not the backend's.
 */
public interface ServiceBackend extends AutoCloseable {

  dev.steward.agent.v1.ServiceBackend kind();

  /** Checks that this backend can run {@code definition}, without changing anything. */
  void validate(ServiceResource definition) throws ServiceException;

  /**
   * Installs or replaces the definition. Does not start, stop or restart anything.
   *
   * @return true when the stored definition changed
   */
  boolean define(ServiceResource definition) throws ServiceException;

  Optional<ServiceResource> definition(ServiceName service);

  /**
   * What {@link #define} would install for {@code definition}, as text a plan can diff (systemd:
   * the unit file). The run state and boot enablement are not part of it: changing them never
   * makes a running process stale.
   */
  default String definitionText(ServiceResource definition) throws ServiceException {
    return TextFormat.printer().printToString(definition.toBuilder().clearState().clearEnabled().build());
  }

  /** The installed counterpart of {@link #definitionText}, or empty when nothing is installed. */
  default Optional<String> installedDefinitionText(ServiceName service) {
    return definition(service).map(installed -> {
      try {
        return definitionText(installed);
      } catch (ServiceException e) {
        return "(unrenderable: " + e.getMessage() + ")";
      }
    });
  }

  /** Starts the service unless it is running; fails when a required service is not active. */
  ServiceStatus start(ServiceName service) throws ServiceException;

  /** Stops the service (SIGTERM, then a kill after the definition's stop timeout). */
  ServiceStatus stop(ServiceName service) throws ServiceException;

  ServiceStatus restart(ServiceName service) throws ServiceException;

  ServiceStatus status(ServiceName service);

  /** Every defined service. */
  List<ServiceStatus> list();

  /** At agent start: starts every enabled service that is not running. */
  void startEnabledServices();

  /** Stops watching the services. Never stops the services themselves. */
  @Override
  void close();
}
