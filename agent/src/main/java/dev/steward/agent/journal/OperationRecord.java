package dev.steward.agent.journal;

import dev.steward.agent.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation as the journal keeps it: enough to replay its outcome to a caller that
 * re-sends the same operation id, and to tell a person what happened and why.
 *
 * @param kind "apply" or "control"
 * @param describe a short human description (e.g. "restart kafka, reason CONFIG_CHANGED")
 * @param results apply: one ResourceResult per resource, as JSON ({@link ProtoJson})
 * @param outcome apply: the ApplySummary; control: the ControlServiceResponse (JSON, {@link ProtoJson})
 * @param errorCode when the operation was refused while running (e.g. a requirement not active)
 */
public record OperationRecord(String id, String kind, String describe, String requestDigest, long startedAtMillis,
                              Long finishedAtMillis, State state, List<Object> results, Object outcome,
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

  private static final List<String> MEMBERS = List.of("id", "kind", "describe", "requestDigest", "startedAtMillis",
      "finishedAtMillis", "state", "results", "outcome", "errorCode", "errorMessage");

  /** The journal file's JSON: members in declaration order, null ones left out. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    put(json, "id", id);
    put(json, "kind", kind);
    put(json, "describe", describe);
    put(json, "requestDigest", requestDigest);
    json.put("startedAtMillis", startedAtMillis);
    put(json, "finishedAtMillis", finishedAtMillis);
    put(json, "state", state == null ? null : state.name());
    json.put("results", results);
    put(json, "outcome", outcome);
    put(json, "errorCode", errorCode);
    put(json, "errorMessage", errorMessage);
    return json;
  }

  /** Reads what {@link #toJson} (or Jackson, before it) wrote; an unknown member is an error. */
  static OperationRecord fromJson(Object parsed) throws IOException {
    Map<String, Object> json = Json.object(parsed, "operation record");
    Json.requireKnown(json, "operation record", MEMBERS);
    Long started = Json.integer(json, "startedAtMillis");
    String state = Json.string(json, "state");
    State parsedState;
    try {
      parsedState = state == null ? null : State.valueOf(state);
    } catch (IllegalArgumentException e) {
      throw new IOException("operation record: unknown state '" + state + "'");
    }
    Object results = json.get("results");
    return new OperationRecord(Json.string(json, "id"), Json.string(json, "kind"), Json.string(json, "describe"),
        Json.string(json, "requestDigest"), started == null ? 0 : started, Json.integer(json, "finishedAtMillis"),
        parsedState, results == null ? null : Json.array(results, "results"), json.get("outcome"),
        Json.string(json, "errorCode"), Json.string(json, "errorMessage"));
  }

  private static void put(Map<String, Object> json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  public static OperationRecord started(String id, String kind, String describe, String digest, long now) {
    return new OperationRecord(id, kind, describe, digest, now, null, State.RUNNING, List.of(), null, null, null);
  }

  public OperationRecord withResult(Object result) {
    List<Object> more = new ArrayList<>(results);
    more.add(result);
    return new OperationRecord(id, kind, describe, requestDigest, startedAtMillis, finishedAtMillis, state, more,
        outcome, errorCode, errorMessage);
  }

  public OperationRecord finished(Object outcome, long now) {
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
