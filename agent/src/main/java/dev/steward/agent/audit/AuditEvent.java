package dev.steward.agent.audit;

import dev.steward.agent.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
public record AuditEvent(String time, String caller, String operationId, String action, String resource,
                         String before, String after, String result, String message) {

  private static final List<String> MEMBERS =
      List.of("time", "caller", "operation_id", "action", "resource", "before", "after", "result", "message");

  /** One line of {@code audit.log}: the members in this order, null and empty ones left out. */
  String toLine() {
    Map<String, Object> json = new LinkedHashMap<>();
    String[] values = {time, caller, operationId, action, resource, before, after, result, message};
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && !values[i].isEmpty()) {
        json.put(MEMBERS.get(i), values[i]);
      }
    }
    return Json.write(json);
  }

  /** Reads a line {@link #toLine} (or Jackson, before it) wrote; an absent member is null. */
  static AuditEvent fromLine(String line) throws IOException {
    Map<String, Object> json = Json.object(Json.parse(line), "audit line");
    Json.requireKnown(json, "audit line", MEMBERS);
    return new AuditEvent(Json.string(json, "time"), Json.string(json, "caller"), Json.string(json, "operation_id"),
        Json.string(json, "action"), Json.string(json, "resource"), Json.string(json, "before"),
        Json.string(json, "after"), Json.string(json, "result"), Json.string(json, "message"));
  }
}
