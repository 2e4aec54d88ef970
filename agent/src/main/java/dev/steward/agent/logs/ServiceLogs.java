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

  /** The systemd unit the agent runs as (packaging's steward-agent.service). */
  public static final String AGENT_UNIT = "steward-agent.service";

  /** Reads the agent's own log: the place is the agent's (its unit, its --log-file), never the caller's. */
  @FunctionalInterface
  public interface AgentLog {
    void read(LogQuery query, LogStream stream) throws UnknownServiceException, IOException, InterruptedException;
  }

  private final Predicate<ServiceName> defined;
  private final LogSource source;
  private final AgentLog agentLog;

  /** @param defined whether a service is defined on this host */
  public ServiceLogs(Predicate<ServiceName> defined, LogSource source) {
    this(defined, source, (query, stream) -> {
      throw new UnknownServiceException("this agent does not know where its own log is");
    });
  }

  public ServiceLogs(Predicate<ServiceName> defined, LogSource source, AgentLog agentLog) {
    this.defined = defined;
    this.source = source;
    this.agentLog = agentLog;
  }

  /**
   * The source for a backend: journald for systemd, the supervisor's files for the supervisor.
   * The agent's own log: the journal of {@link #AGENT_UNIT} under systemd, else {@code logFile}
   * (the agent's --log-file, where whoever started it sends its output; null when not given).
   */
  public static ServiceLogs forBackend(ServiceBackend kind, ServiceController controller, HostRoot hostRoot,
                                      Clock clock, Path logFile) {
    if (kind == ServiceBackend.SERVICE_BACKEND_SYSTEMD) {
      JournalLogSource journal = new JournalLogSource();
      return new ServiceLogs(service -> controller.definition(service).isPresent(), journal,
          (query, stream) -> journal.readUnit(AGENT_UNIT, query, stream));
    }
    FileLogSource files = new FileLogSource(service -> supervisorLogFile(controller, hostRoot, service), clock);
    return new ServiceLogs(service -> controller.definition(service).isPresent(), files, (query, stream) -> {
      if (logFile == null) {
        throw new UnknownServiceException("this agent's own log is not in a file it knows: it runs without "
            + "systemd and was started without --log-file (its output goes wherever its starter sent it)");
      }
      files.readFile(logFile, query, stream);
    });
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

  /** The agent's own log lines. */
  public void readAgent(LogQuery query, LogStream stream)
      throws UnknownServiceException, IOException, InterruptedException {
    agentLog.read(query, stream);
  }

  public void read(ServiceName service, LogQuery query, LogStream stream)
      throws UnknownServiceException, IOException, InterruptedException {
    if (!ServiceNames.isManaged(service)) {
      throw new UnknownServiceException("name a service: zookeeper, kafka or kafka-connect (or the agent)");
    }
    if (!defined.test(service)) {
      throw new UnknownServiceException(ServiceNames.shortName(service) + " is not defined on this host");
    }
    source.read(service, query, stream);
  }
}
