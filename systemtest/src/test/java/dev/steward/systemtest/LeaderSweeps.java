package dev.steward.systemtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.zookeeper.client.FourLetterWordMain;

/**
 * Asks every address that may run a ZooKeeper member {@code srvr} in turn, over and over, and
 * records who leads in which epoch (the high half of the zxid). Two members leading the same epoch
 * in one sweep would be two quorums: the split brain a membership change must never cause. A
 * member removed while leading may still say "leader" of its old epoch for a moment beside its
 * successor in a newer one; no quorum acknowledges the old epoch then, so that is only recorded.
 */
final class LeaderSweeps implements AutoCloseable {

  private final List<String> addresses;
  private final int port;
  private final Thread thread;
  private final List<String> twoLeadersOfOneEpoch = new ArrayList<>();
  private final List<String> leaderChanges = new ArrayList<>();
  private volatile boolean stopping;
  private int sweeps;

  private LeaderSweeps(List<String> addresses, int port) {
    this.addresses = List.copyOf(addresses);
    this.port = port;
    this.thread = new Thread(this::sweepUntilStopped, "leader-sweeps");
    this.thread.setDaemon(true);
  }

  static LeaderSweeps start(List<String> addresses, int port) {
    LeaderSweeps sweeps = new LeaderSweeps(addresses, port);
    sweeps.thread.start();
    return sweeps;
  }

  private void sweepUntilStopped() {
    String lastLeaders = "";
    while (!stopping) {
      Map<String, Long> leaders = new LinkedHashMap<>();
      for (String address : addresses) {
        leaderEpoch(address).ifPresent(epoch -> leaders.put(address, epoch));
      }
      Map<Long, List<String>> byEpoch = new TreeMap<>();
      leaders.forEach((address, epoch) -> byEpoch.computeIfAbsent(epoch, e -> new ArrayList<>()).add(address));
      synchronized (this) {
        sweeps++;
        byEpoch.forEach((epoch, who) -> {
          if (who.size() > 1) {
            twoLeadersOfOneEpoch.add("epoch " + epoch + " led by " + who);
          }
        });
        String now = leaders.toString();
        if (!now.equals(lastLeaders) && !leaders.isEmpty()) {
          leaderChanges.add(now);
          lastLeaders = now;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private java.util.Optional<Long> leaderEpoch(String address) {
    try {
      String srvr = FourLetterWordMain.send4LetterWord(address, port, "srvr", false, 1000);
      if (!srvr.contains("Mode: leader")) {
        return java.util.Optional.empty();
      }
      for (String line : srvr.split("\n")) {
        if (line.startsWith("Zxid: 0x")) {
          return java.util.Optional.of(Long.parseUnsignedLong(line.substring("Zxid: 0x".length()).trim(), 16) >>> 32);
        }
      }
      return java.util.Optional.empty();
    } catch (Exception e) {
      return java.util.Optional.empty();
    }
  }

  synchronized List<String> twoLeadersOfOneEpoch() {
    return List.copyOf(twoLeadersOfOneEpoch);
  }

  synchronized List<String> leaderChanges() {
    return List.copyOf(leaderChanges);
  }

  synchronized int sweeps() {
    return sweeps;
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.interrupt();
    thread.join(5000);
  }
}
