package dev.steward.coordinator.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Is the Connect cluster back after restarting one worker (docs/rollouts.md rule 14)? The worker
 * is healthy again, so is every other one, and everything that ran before the restart runs again. A connector or task
 * that was not running before (FAILED, PAUSED) is not waited for: the restart did not break it,
 * and waiting for it would stall the rollout on something only a person can fix.
 */
public final class ConnectReadiness {

  private static final int UNITS_NAMED = 5;

  private ConnectReadiness() {
  }

  /**
   * @param runningBefore {@link ConnectClusterSnapshot#runningUnits()} taken just before the restart
   */
  public static boolean ready(ConnectClusterSnapshot snapshot, String host, Set<String> runningBefore) {
    return missing(snapshot, host, runningBefore).isEmpty();
  }

  /** What is still missing, e.g. "worker h2 starting: ...; task file-source/0 is UNASSIGNED"; or that it is ready. */
  public static String describe(ConnectClusterSnapshot snapshot, String host, Set<String> runningBefore) {
    List<String> missing = missing(snapshot, host, runningBefore);
    if (missing.isEmpty()) {
      return "worker " + host + " ready: every worker healthy, and all " + runningBefore.size()
          + " connector instances and tasks that ran before run again";
    }
    return String.join("; ", missing);
  }

  private static List<String> missing(ConnectClusterSnapshot snapshot, String host, Set<String> runningBefore) {
    List<String> missing = new ArrayList<>();
    Optional<WorkerState> restarted = snapshot.worker(host);
    if (restarted.isEmpty()) {
      missing.add("no Connect worker " + host + " in the snapshot");
    }
    for (WorkerState worker : snapshot.unhealthy()) {
      missing.add("worker " + worker.describe());
    }
    if (snapshot.workers().stream().noneMatch(WorkerState::healthy)) {
      // No worker answered the statuses, so "not running" would be a guess.
      return missing;
    }
    Set<String> runningNow = snapshot.runningUnits();
    Map<String, String> states = snapshot.unitStates();
    List<String> stopped = runningBefore.stream().filter(unit -> !runningNow.contains(unit)).sorted().toList();
    stopped.stream().limit(UNITS_NAMED)
        .forEach(unit -> missing.add(unit + (states.containsKey(unit) ? " is " + states.get(unit) : " is gone")));
    if (stopped.size() > UNITS_NAMED) {
      missing.add("and " + (stopped.size() - UNITS_NAMED) + " more not running again");
    }
    return missing;
  }
}
