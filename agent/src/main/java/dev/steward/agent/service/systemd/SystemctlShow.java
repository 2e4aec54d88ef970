package dev.steward.agent.service.systemd;

import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What {@code systemctl show -p ... UNIT} prints for one unit, and the ServiceStatus it means. Pure. */
record SystemctlShow(Map<String, String> properties) {

  /** Everything status and define need, in one call. */
  static final List<String> PROPERTIES = List.of("LoadState", "ActiveState", "SubState", "MainPID", "NRestarts",
      "ExecMainCode", "ExecMainStatus", "UnitFileState", "ActiveEnterTimestampMonotonic", "NeedDaemonReload");

  /** waitid()'s si_code for a child killed by a signal (ExecMainCode). */
  private static final int CLD_KILLED = 2;
  private static final int CLD_DUMPED = 3;

  SystemctlShow {
    properties = Map.copyOf(properties);
  }

  /** "Key=Value" lines; a value may itself contain '='. Lines without one are ignored. */
  static SystemctlShow parse(String output) {
    Map<String, String> properties = new HashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        properties.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return new SystemctlShow(properties);
  }

  String get(String key) {
    return properties.getOrDefault(key, "");
  }

  long getLong(String key) {
    try {
      return Long.parseLong(get(key));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** systemd knows a unit file for it ("not-found" otherwise). */
  boolean loaded() {
    return get("LoadState").equals("loaded");
  }

  /** Started at boot: enabled, or enabled for this boot only. */
  boolean enabled() {
    String state = get("UnitFileState");
    return state.equals("enabled") || state.equals("enabled-runtime");
  }

  /** The unit file changed on disk since systemd last loaded it. */
  boolean needsDaemonReload() {
    return get("NeedDaemonReload").equals("yes");
  }

  long activeEnterMonotonicMicros() {
    return getLong("ActiveEnterTimestampMonotonic");
  }

  /**
   * @param nowMonotonicMicros CLOCK_MONOTONIC now, the clock of ActiveEnterTimestampMonotonic
   * @param nowUnixMillis the wall clock at the same moment
   */
  ServiceStatus toStatus(ServiceName service, long nowMonotonicMicros, long nowUnixMillis) {
    ServiceActiveState active = activeState(get("ActiveState"));
    ServiceStatus.Builder status = ServiceStatus.newBuilder()
        .setService(service)
        .setInstalled(loaded())
        .setEnabled(enabled())
        .setActiveState(active)
        .setSubState(get("SubState"))
        .setMainPid(getLong("MainPID"))
        .setCrashRestarts((int) getLong("NRestarts"))
        .setLastExitStatus(lastExitStatus());
    long entered = activeEnterMonotonicMicros();
    if (active == ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE && entered > 0 && entered <= nowMonotonicMicros) {
      status.setActiveSinceUnixMillis(nowUnixMillis - (nowMonotonicMicros - entered) / 1000);
    }
    return status.build();
  }

  /** As a shell reports it: the exit status, or 128 + the signal that killed the process. */
  private int lastExitStatus() {
    if (getLong("ExecMainCode") == 0) {
      return -1; // never exited (running, or never started)
    }
    int status = (int) getLong("ExecMainStatus");
    long code = getLong("ExecMainCode");
    return code == CLD_KILLED || code == CLD_DUMPED ? 128 + status : status;
  }

  static ServiceActiveState activeState(String value) {
    return switch (value) {
      case "active", "reloading" -> ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE;
      case "activating" -> ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVATING;
      case "deactivating" -> ServiceActiveState.SERVICE_ACTIVE_STATE_DEACTIVATING;
      case "failed" -> ServiceActiveState.SERVICE_ACTIVE_STATE_FAILED;
      case "inactive" -> ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE;
      default -> ServiceActiveState.SERVICE_ACTIVE_STATE_UNSPECIFIED;
    };
  }
}
