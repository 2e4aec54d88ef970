package dev.steward.agent.service;

import dev.steward.agent.audit.AuditSink;
import dev.steward.agent.journal.OperationException;
import dev.steward.agent.journal.OperationJournal;
import dev.steward.agent.journal.OperationRecord;
import dev.steward.agent.journal.ProtoJson;
import dev.steward.agent.journal.RequestDigest;
import dev.steward.agent.security.CallerIdentity;
import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.ControlServiceResponse;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;
import dev.steward.common.service.ServiceNames;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start, stop and restart on the coordinator's request, each at most once per operation id:
 * a retried call gets the recorded outcome (replayed) and nothing happens twice: a rolling
 * restart must never restart a node twice because a response was lost. Every action is
 * journaled with its reason.
 */
public final class ServiceController {

  static final String KIND = "control";

  private static final Logger log = LoggerFactory.getLogger(ServiceController.class);

  private final ServiceBackend backend;
  private final PendingRestarts pendingRestarts;
  private final OperationJournal journal;
  private final Clock clock;
  private final AuditSink audit;
  private final Map<String, InFlight> inFlight = new HashMap<>();
  private CrashPoints crashPoints = CrashPoints.NONE;

  private record InFlight(String digest, CompletableFuture<ControlServiceResponse> response) {
  }

  public ServiceController(ServiceBackend backend, PendingRestarts pendingRestarts, OperationJournal journal,
                           Clock clock) {
    this(backend, pendingRestarts, journal, clock, AuditSink.NONE);
  }

  /** @param audit receives one entry per start, stop or restart carried out (not for replays) */
  public ServiceController(ServiceBackend backend, PendingRestarts pendingRestarts, OperationJournal journal,
                           Clock clock, AuditSink audit) {
    this.audit = audit;
    this.backend = backend;
    this.pendingRestarts = pendingRestarts;
    this.journal = journal;
    this.clock = clock;
  }

  /** Arms the fault tests' crash points (off by default). */
  public ServiceController withCrashPoints(CrashPoints points) {
    this.crashPoints = points;
    return this;
  }

  /** The definition installed for {@code service} (logical paths), or empty when it is not defined here. */
  public java.util.Optional<dev.steward.agent.v1.ServiceResource> definition(ServiceName service) {
    return backend.definition(service);
  }

  /** The backend's status plus the reasons it is waiting for a restart. */
  public ServiceStatus status(ServiceName service) {
    ServiceStatus status = backend.status(service);
    return status.toBuilder()
        .addAllPendingRestarts(pendingRestarts.of(service))
        .setRunningFrom(RunningFrom.of(status.getMainPid()))
        .build();
  }

  public ControlServiceResponse control(ControlServiceRequest request) throws OperationException {
    OperationJournal.requireValidId(request.getOperationId());
    if (!ServiceNames.isManaged(request.getService())) {
      throw new OperationException(OperationException.Reason.INVALID,
          "service must name a managed service (SERVICE_NAME_ZOOKEEPER, SERVICE_NAME_KAFKA, SERVICE_NAME_KAFKA_CONNECT)");
    }
    if (request.getAction() == ServiceAction.SERVICE_ACTION_UNSPECIFIED
        || request.getAction() == ServiceAction.UNRECOGNIZED) {
      throw new OperationException(OperationException.Reason.INVALID,
          "action must be SERVICE_ACTION_START, SERVICE_ACTION_STOP or SERVICE_ACTION_RESTART");
    }
    String id = request.getOperationId();
    String digest = RequestDigest.of(KIND, request);
    CompletableFuture<ControlServiceResponse> mine;
    synchronized (this) {
      InFlight running = inFlight.get(id);
      if (running != null) {
        requireSameRequest(id, running.digest(), digest);
        return await(running.response(), true);
      }
      OperationRecord record = journal.find(id).orElse(null);
      if (record != null) {
        return replay(record, digest);
      }
      mine = new CompletableFuture<>();
      inFlight.put(id, new InFlight(digest, mine));
    }
    try {
      ControlServiceResponse response = execute(request, digest);
      mine.complete(response);
      return response;
    } catch (OperationException e) {
      mine.completeExceptionally(e);
      throw e;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      synchronized (this) {
        inFlight.remove(id);
      }
    }
  }

  private ControlServiceResponse execute(ControlServiceRequest request, String digest) throws OperationException {
    String name = ServiceNames.shortName(request.getService());
    String describe = request.getAction().name().replace("SERVICE_ACTION_", "").toLowerCase() + " " + name
        + ", reason " + request.getReason().name().replace("RESTART_REASON_KIND_", "");
    String action = request.getAction().name().replace("SERVICE_ACTION_", "").toLowerCase();
    String caller = CallerIdentity.current().name();
    OperationRecord record = OperationRecord.started(request.getOperationId(), KIND, describe, digest, clock.millis());
    journal.save(record);
    log.info("operation {}: {}", request.getOperationId(), describe);
    crashPoints.reach(CrashPoints.JOURNALED);
    try {
      switch (request.getAction()) {
        case SERVICE_ACTION_START -> backend.start(request.getService());
        case SERVICE_ACTION_STOP -> backend.stop(request.getService());
        case SERVICE_ACTION_RESTART -> {
          if (crashPoints.armed(CrashPoints.STOPPED)) {
            backend.stop(request.getService());
            crashPoints.reach(CrashPoints.STOPPED);
          }
          backend.restart(request.getService());
        }
        default -> throw new IllegalStateException("unreachable: " + request.getAction());
      }
      crashPoints.reach(CrashPoints.RESTARTED);
    } catch (ServiceException e) {
      OperationException failure = toOperationException(e);
      journal.save(record.failed(failure.reason().name(), failure.getMessage(), clock.millis()));
      audit.record(caller, request.getOperationId(), action, "service:" + name, "", "", "FAILED", failure.getMessage());
      log.warn("operation {}: {} failed: {}", request.getOperationId(), describe, e.getMessage());
      throw failure;
    }
    ControlServiceResponse response = ControlServiceResponse.newBuilder().setStatus(status(request.getService())).build();
    journal.save(record.finished(ProtoJson.toJson(response), clock.millis()));
    audit.record(caller, request.getOperationId(), action, "service:" + name, "", "", "OK", "reason "
        + request.getReason().name().replace("RESTART_REASON_KIND_", "") + ", now "
        + response.getStatus().getActiveState().name().replace("SERVICE_ACTIVE_STATE_", "") + " pid "
        + response.getStatus().getMainPid());
    log.info("operation {}: {} done, {} pid {}", request.getOperationId(), describe,
        response.getStatus().getActiveState(), response.getStatus().getMainPid());
    return response;
  }

  private ControlServiceResponse replay(OperationRecord record, String digest) throws OperationException {
    if (!record.kind().equals(KIND)) {
      throw new OperationException(OperationException.Reason.ALREADY_EXISTS, "operation id " + record.id()
          + " was already used for a " + record.kind() + " operation: use a new id");
    }
    requireSameRequest(record.id(), record.requestDigest(), digest);
    if (record.state() == OperationRecord.State.INTERRUPTED) {
      // The agent cannot know how far it got; the caller looks at the service's status (which
      // the agent serves) and decides whether the step is done or needs a new operation id.
      throw new OperationException(OperationException.Reason.ABORTED, "operation " + record.id()
          + " was interrupted by an agent restart; check the service's status and send a new operation id");
    }
    if (record.errorCode() != null) {
      throw new OperationException(OperationException.Reason.valueOf(record.errorCode()), record.errorMessage());
    }
    return ProtoJson.fromJson(record.outcome(), ControlServiceResponse.newBuilder()).setReplayed(true).build();
  }

  private static ControlServiceResponse await(CompletableFuture<ControlServiceResponse> response, boolean replayed)
      throws OperationException {
    try {
      return response.get().toBuilder().setReplayed(replayed).build();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OperationException failure) {
        throw failure;
      }
      throw new OperationException(OperationException.Reason.INTERNAL, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationException(OperationException.Reason.CANCELLED, "interrupted");
    }
  }

  private static void requireSameRequest(String id, String recorded, String digest) throws OperationException {
    if (!recorded.equals(digest)) {
      throw new OperationException(OperationException.Reason.ALREADY_EXISTS, "operation id " + id
          + " was already used for a different request: use a new operation id");
    }
  }

  private static OperationException toOperationException(ServiceException e) {
    OperationException.Reason reason = switch (e.reason()) {
      case INVALID_DEFINITION, NOT_DEFINED, REQUIREMENT_NOT_ACTIVE, UNSUPPORTED ->
          OperationException.Reason.FAILED_PRECONDITION;
      case OPERATION_FAILED -> OperationException.Reason.FAILED_PRECONDITION;
    };
    return new OperationException(reason, e.getMessage());
  }
}
