package dev.steward.agent.logs;

import dev.steward.agent.host.HostRoot;
import dev.steward.agent.service.RealServiceDefinition;
import dev.steward.agent.service.ServiceController;
import dev.steward.agent.service.ServiceException;
import dev.steward.agent.v1.ServiceBackend;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.common.service.ServiceNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * The logs of the services this agent runs, read where its backend puts them: the journal for
 * systemd, the supervisor's output file otherwise. Only defined services: a caller can never
 * make the agent read another file.
 */
public final class ServiceLogs {

  /** The service is not managed, or not defined on this host. */
  public static final class UnknownServiceException extends Exception {
    private static final long serialVersionUID = 1L;

    UnknownServiceException(String message) {
      super(message);
    }
  }

  private final Predicate<ServiceName> defined;
  private final LogSource source;

  /** @param defined whether a service is defined on this host */
  public ServiceLogs(Predicate<ServiceName> defined, LogSource source) {
    this.defined = defined;
    this.source = source;
  }

  /** The source for a backend: journald for systemd, the supervisor's files for the supervisor. */
  public static ServiceLogs forBackend(ServiceBackend kind, ServiceController controller, HostRoot hostRoot,
                                      Clock clock) {
    LogSource source = kind == ServiceBackend.SERVICE_BACKEND_SYSTEMD
        ? new JournalLogSource()
        : new FileLogSource(service -> supervisorLogFile(controller, hostRoot, service), clock);
    return new ServiceLogs(service -> controller.definition(service).isPresent(), source);
  }

  /** Where the supervisor sends a service's stdout and stderr ({@code SupervisorBackend}). */
  static Path supervisorLogFile(ServiceController controller, HostRoot hostRoot, ServiceName service)
      throws IOException {
    ServiceResource definition = controller.definition(service)
        .orElseThrow(() -> new IOException(ServiceNames.shortName(service) + " is not defined"));
    try {
      return Path.of(RealServiceDefinition.of(hostRoot, definition).getLaunch().getLogDir())
          .resolve(ServiceNames.shortName(service) + ".out");
    } catch (ServiceException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  public void read(ServiceName service, LogQuery query, LogStream stream)
      throws UnknownServiceException, IOException, InterruptedException {
    if (!ServiceNames.isManaged(service)) {
      throw new UnknownServiceException("name a service: zookeeper, kafka or kafka-connect");
    }
    if (!defined.test(service)) {
      throw new UnknownServiceException(ServiceNames.shortName(service) + " is not defined on this host");
    }
    source.read(service, query, stream);
  }
}
