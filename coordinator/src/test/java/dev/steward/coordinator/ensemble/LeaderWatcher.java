package dev.steward.coordinator.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks every running member "srvr" over and over and records who says leader, with the epoch it
 * leads: each change of leader, every sweep in which two members led the same epoch (two quorums:
 * what must never happen), and every handover seen in passing (a removed leader still answering
 * "leader" in its old epoch for a moment after the commit of its own removal, while its successor
 * leads a newer one: no quorum acknowledges the old epoch any more).
 */
final class LeaderWatcher implements AutoCloseable {

  private final ZooKeeperProcesses ensemble;
  private final Thread thread;
  private final List<String> leaderChanges = new ArrayList<>();
  private final List<String> twoLeaders = new ArrayList<>();
  private final List<String> handovers = new ArrayList<>();
  private volatile boolean stopping;
  private volatile int sweeps;

  private LeaderWatcher(ZooKeeperProcesses ensemble) {
    this.ensemble = ensemble;
    this.thread = new Thread(this::watch, "leader-watcher");
    thread.setDaemon(true);
  }

  static LeaderWatcher start(ZooKeeperProcesses ensemble) {
    LeaderWatcher watcher = new LeaderWatcher(ensemble);
    watcher.thread.start();
    return watcher;
  }

  private void watch() {
    String last = "";
    while (!stopping) {
      List<String> leaders = new ArrayList<>();
      java.util.Map<Long, String> byEpoch = new java.util.HashMap<>();
      boolean sameEpoch = false;
      for (EnsembleMember member : ensemble.runningMembers()) {
        Optional<String> srvr = ensemble.ask(member, "srvr");
        if (srvr.isPresent() && "leader".equals(MemberAnswers.mode(srvr.get()))) {
          long epoch = MemberAnswers.epoch(srvr.get());
          leaders.add(member.serverKey() + "@" + epoch);
          sameEpoch |= byEpoch.put(epoch, member.serverKey()) != null;
        }
      }
      synchronized (this) {
        if (sameEpoch) {
          twoLeaders.add(String.join("+", leaders));
        } else if (leaders.size() > 1) {
          handovers.add(String.join("+", leaders));
        }
        String now = leaders.isEmpty() ? "none" : String.join("+", leaders);
        if (!now.equals(last)) {
          leaderChanges.add(now);
          last = now;
        }
        sweeps++;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void stopAndAwait() throws InterruptedException {
    stopping = true;
    thread.join(10_000);
  }

  synchronized List<String> leaderChanges() {
    return List.copyOf(leaderChanges);
  }

  synchronized List<String> handovers() {
    return List.copyOf(handovers);
  }

  synchronized List<String> sweepsWithTwoLeaders() {
    return List.copyOf(twoLeaders);
  }

  int sweeps() {
    return sweeps;
  }

  @Override
  public void close() throws InterruptedException {
    stopAndAwait();
  }
}
