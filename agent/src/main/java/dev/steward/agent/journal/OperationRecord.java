package dev.steward.agent.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One operation as the journal keeps it: enough to replay its outcome to a caller that
 * re-sends the same operation id, and to tell a person what happened and why.
 *
 * @param kind "apply" or "control"
 * @param describe a short human description (e.g. "restart kafka, reason CONFIG_CHANGED")
 * @param results apply: one ResourceResult per resource, as JSON
 * @param outcome apply: the ApplySummary; control: the ControlServiceResponse
 * @param errorCode when the operation was refused while running (e.g. a requirement not active)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationRecord(String id, String kind, String describe, String requestDigest, long startedAtMillis,
                              Long finishedAtMillis, State state, List<JsonNode> results, JsonNode outcome,
                              String errorCode, String errorMessage) {

  /** Lifecycle of an operation. */
  public enum State {
    RUNNING,
    FINISHED,
    /** The agent stopped while it ran; re-sending it runs it again (every resource is idempotent). */
    INTERRUPTED,
  }

  public OperationRecord {
    results = results == null ? List.of() : List.copyOf(results);
  }

  public static OperationRecord started(String id, String kind, String describe, String digest, long now) {
    return new OperationRecord(id, kind, describe, digest, now, null, State.RUNNING, List.of(), null, null, null);
  }

  public OperationRecord withResult(JsonNode result) {
    List<JsonNode> more = new ArrayList<>(results);
    more.add(result);
    return new OperationRecord(id, kind, describe, requestDigest, startedAtMillis, finishedAtMillis, state, more,
        outcome, errorCode, errorMessage);
  }

  public OperationRecord finished(JsonNode outcome, long now) {
    return new OperationRecord(id, kind, describe, requestDigest, startedAtMillis, now, State.FINISHED, results,
        outcome, null, null);
  }

  public OperationRecord failed(String code, String message, long now) {
    return new OperationRecord(id, kind, describe, requestDigest, startedAtMillis, now, State.FINISHED, results, null,
        code, message);
  }

  public OperationRecord interrupted() {
    return new OperationRecord(id, kind, describe, requestDigest, startedAtMillis, finishedAtMillis, State.INTERRUPTED,
        results, outcome, errorCode, errorMessage);
  }
}
