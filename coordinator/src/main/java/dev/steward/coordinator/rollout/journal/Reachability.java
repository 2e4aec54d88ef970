package dev.steward.coordinator.rollout.journal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Whether anything listens at a ZooKeeper connect string, by plain TCP. A cluster not deployed
 * yet refuses connections at once, so `apply` on fresh hosts learns "no ZooKeeper, no journal"
 * in milliseconds instead of waiting out a client's connection timeout.
 */
final class Reachability {

  private Reachability() {
  }

  static boolean anyListening(String connectString, Duration timeout) {
    List<InetSocketAddress> addresses = addresses(connectString);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, addresses.size()), runnable -> {
      Thread thread = new Thread(runnable, "steward-zookeeper-probe");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<CompletableFuture<Boolean>> probes = new ArrayList<>();
      for (InetSocketAddress address : addresses) {
        probes.add(CompletableFuture.supplyAsync(() -> listening(address, timeout), pool));
      }
      return probes.stream().anyMatch(CompletableFuture::join);
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean listening(InetSocketAddress address, Duration timeout) {
    try (Socket socket = new Socket()) {
      // resolved here, in the probe's own thread, so the probes of several hosts run side by side
      socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()),
          (int) Math.max(1, timeout.toMillis()));
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** host:port pairs of "h1:2181,h2:2181/chroot" (a chroot, if any, follows the last port). */
  static List<InetSocketAddress> addresses(String connectString) {
    int chroot = connectString.indexOf('/');
    String hosts = chroot < 0 ? connectString : connectString.substring(0, chroot);
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String hostPort : hosts.split(",")) {
      String trimmed = hostPort.trim();
      int colon = trimmed.lastIndexOf(':');
      if (trimmed.isEmpty()) {
        continue;
      }
      String host = colon < 0 ? trimmed : trimmed.substring(0, colon);
      int port = colon < 0 ? 2181 : Integer.parseInt(trimmed.substring(colon + 1));
      addresses.add(InetSocketAddress.createUnresolved(host.replace("[", "").replace("]", ""), port));
    }
    return addresses;
  }
}
