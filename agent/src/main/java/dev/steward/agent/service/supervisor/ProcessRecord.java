package dev.steward.agent.service.supervisor;

import dev.steward.agent.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the supervisor remembers of a service's process across agent restarts, so that a new
 * agent adopts a still-running process instead of starting a duplicate. The process start
 * time guards against adopting an unrelated process that reuses the pid.
 *
 * @param pid 0 when no process is running
 * @param processStartMillis the kernel's start time of the process (ProcessHandle.Info)
 * @param launchedAtMillis when the supervisor launched it (the status' active_since)
 * @param phase the {@link SupervisedService.Phase} name
 * @param lastExitStatus -1 when unknown
 */
record ProcessRecord(long pid, long processStartMillis, long launchedAtMillis, String phase,
                     int crashRestarts, int crashStreak, int lastExitStatus) {

  private static final List<String> MEMBERS = List.of("pid", "processStartMillis", "launchedAtMillis", "phase",
      "crashRestarts", "crashStreak", "lastExitStatus");

  /** {@code <service>.process.json}: every member, in this order (a null phase as null). */
  String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("pid", pid);
    json.put("processStartMillis", processStartMillis);
    json.put("launchedAtMillis", launchedAtMillis);
    json.put("phase", phase);
    json.put("crashRestarts", (long) crashRestarts);
    json.put("crashStreak", (long) crashStreak);
    json.put("lastExitStatus", (long) lastExitStatus);
    return Json.write(json);
  }

  /** Reads what {@link #toJson} (or Jackson, before it) wrote: an absent number is 0, an unknown member an error. */
  static ProcessRecord fromJson(String text) throws IOException {
    Map<String, Object> json = Json.object(Json.parse(text), "process record");
    Json.requireKnown(json, "process record", MEMBERS);
    return new ProcessRecord(number(json, "pid"), number(json, "processStartMillis"),
        number(json, "launchedAtMillis"), Json.string(json, "phase"), Math.toIntExact(number(json, "crashRestarts")),
        Math.toIntExact(number(json, "crashStreak")), Math.toIntExact(number(json, "lastExitStatus")));
  }

  private static long number(Map<String, Object> json, String key) throws IOException {
    Long value = Json.integer(json, key);
    return value == null ? 0 : value;
  }
}
