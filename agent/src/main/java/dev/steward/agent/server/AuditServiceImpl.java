package dev.steward.agent.server;

import dev.steward.agent.audit.AuditEvent;
import dev.steward.agent.audit.AuditLog;
import dev.steward.agent.v1.AuditEntry;
import dev.steward.agent.v1.AuditServiceGrpc;
import dev.steward.agent.v1.ReadAuditRequest;
import dev.steward.agent.v1.ReadAuditResponse;
import io.grpc.stub.StreamObserver;

/** The audit trail, for `steward audit HOST` (coordinator certificates only, like every call). */
final class AuditServiceImpl extends AuditServiceGrpc.AuditServiceImplBase {

  private final AuditLog audit;

  AuditServiceImpl(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void readAudit(ReadAuditRequest request, StreamObserver<ReadAuditResponse> response) {
    try {
      if (Integer.compareUnsigned(request.getLimit(), AuditLog.MAX_READ) > 0) {
        throw new IllegalArgumentException("limit " + Integer.toUnsignedString(request.getLimit())
            + " is too large: ask for at most " + AuditLog.MAX_READ + " entries");
      }
      AuditLog.Tail tail = audit.read(request.getLimit());
      ReadAuditResponse.Builder answer = ReadAuditResponse.newBuilder().setTotal(tail.total());
      for (AuditEvent event : tail.entries()) {
        answer.addEntries(AuditEntry.newBuilder()
            .setTime(nonNull(event.time()))
            .setCaller(nonNull(event.caller()))
            .setOperationId(nonNull(event.operationId()))
            .setAction(nonNull(event.action()))
            .setResource(nonNull(event.resource()))
            .setBefore(nonNull(event.before()))
            .setAfter(nonNull(event.after()))
            .setResult(nonNull(event.result()))
            .setMessage(nonNull(event.message())));
      }
      response.onNext(answer.build());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
