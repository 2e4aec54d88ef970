package dev.steward.coordinator.connect;

import dev.steward.coordinator.rollout.RollDecision;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides the next Connect worker to restart (docs/rollouts.md rules 4, 13). Connect has no
 * leader worth saving for last (the group leader is whichever worker joined first, and any worker
 * can take over), so workers go in the snapshot's order, one at a time, and only while every
 * worker is healthy: each restart costs a rebalance, and two workers out at once would leave
 * their tasks with nowhere to go.
 */
public final class ConnectRoller {

  private ConnectRoller() {
  }

  /**
   * @param remaining hosts (by name) still to restart
   */
  public static RollDecision next(ConnectClusterSnapshot snapshot, Set<String> remaining) {
    if (remaining.isEmpty()) {
      return new RollDecision.Done();
    }
    List<String> workers = snapshot.workers().stream().map(WorkerState::host).toList();
    Set<String> unknown = new TreeSet<>(remaining);
    unknown.removeAll(workers);
    if (!unknown.isEmpty()) {
      return new RollDecision.Stop("cannot restart " + String.join(", ", unknown) + ": not among the Connect "
          + "workers probed (" + String.join(", ", workers) + ")");
    }
    List<WorkerState> unhealthy = snapshot.unhealthy();
    if (!unhealthy.isEmpty()) {
      // Even when the worker that is down is one still to restart: its supervisor brings it back,
      // and restarting it ourselves could only stack a second outage onto the first.
      String which = unhealthy.stream().map(WorkerState::describe).collect(Collectors.joining(", "));
      return new RollDecision.Wait("Connect " + (unhealthy.size() == 1 ? "worker " : "workers ") + which
          + ": no worker is restarted while another is not healthy");
    }
    if (workers.size() == 1) {
      return new RollDecision.Restart(workers.get(0), "the only worker: its connectors stop until it is back");
    }
    for (int index = 0; index < workers.size(); index++) {
      if (remaining.contains(workers.get(index))) {
        return new RollDecision.Restart(workers.get(index), "worker " + (index + 1) + " of " + workers.size()
            + "; leader-independent: workers rejoin the group one at a time");
      }
    }
    throw new IllegalStateException("unreachable: every remaining host is a known worker");
  }
}
