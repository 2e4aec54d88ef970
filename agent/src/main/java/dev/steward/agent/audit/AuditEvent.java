package dev.steward.agent.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One change the agent made, as one line of {@code audit.log}. Never holds contents: only
 * digests ({@link AuditLog#digest}) and short messages.
 *
 * @param time ISO-8601 UTC
 * @param caller who asked ({@link dev.steward.agent.security.CallerIdentity})
 * @param action apply, start, stop, restart, install-certificate, store-artifact
 * @param resource the resource id, {@code service:kafka}, {@code certificate:agent}, {@code artifact:<name>}
 * @param before digest before the change ("absent" when nothing was there), or null
 * @param after digest after the change, or null
 * @param result CHANGED, FAILED, OK, ...
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"time", "caller", "operation_id", "action", "resource", "before", "after", "result", "message"})
public record AuditEvent(
    @JsonProperty("time") String time,
    @JsonProperty("caller") String caller,
    @JsonProperty("operation_id") String operationId,
    @JsonProperty("action") String action,
    @JsonProperty("resource") String resource,
    @JsonProperty("before") String before,
    @JsonProperty("after") String after,
    @JsonProperty("result") String result,
    @JsonProperty("message") String message) {
}
