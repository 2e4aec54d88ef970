package dev.steward.agent.server;

import dev.steward.agent.artifact.ArtifactException;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.journal.OperationException;
import dev.steward.agent.service.ServiceException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the agent's exceptions to gRPC statuses whose messages name the field and the fix. */
final class GrpcErrors {

  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {
  }

  static StatusRuntimeException of(Throwable error) {
    Status status;
    if (error instanceof StatusRuntimeException statusError) {
      return statusError;
    } else if (error instanceof OperationException e) {
      status = switch (e.reason()) {
        case INVALID -> Status.INVALID_ARGUMENT;
        case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
        case NOT_FOUND -> Status.NOT_FOUND;
        case ABORTED -> Status.ABORTED;
        case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
        case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
        case CANCELLED -> Status.CANCELLED;
        case INTERNAL -> Status.INTERNAL;
      };
    } else if (error instanceof ServiceException e) {
      status = switch (e.reason()) {
        case INVALID_DEFINITION -> Status.INVALID_ARGUMENT;
        case NOT_DEFINED, REQUIREMENT_NOT_ACTIVE, UNSUPPORTED, OPERATION_FAILED -> Status.FAILED_PRECONDITION;
      };
    } else if (error instanceof ArtifactException e) {
      status = e.reason() == ArtifactException.Reason.INVALID ? Status.INVALID_ARGUMENT : Status.INTERNAL;
    } else if (error instanceof PathRejectedException || error instanceof IllegalArgumentException) {
      status = Status.INVALID_ARGUMENT;
    } else {
      log.error("unexpected error in an RPC", error);
      status = Status.INTERNAL;
      return status.withDescription("internal agent error: " + error + " (see the agent's log)").withCause(error)
          .asRuntimeException();
    }
    return status.withDescription(error.getMessage()).asRuntimeException();
  }
}
