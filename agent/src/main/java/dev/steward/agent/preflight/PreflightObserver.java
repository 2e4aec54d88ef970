package dev.steward.agent.preflight;

import dev.steward.agent.facts.FactsCollector;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.service.ServiceBackend;
import dev.steward.agent.service.ServiceStatuses;
import dev.steward.agent.v1.JavaRuntime;
import dev.steward.agent.v1.PathSpace;
import dev.steward.agent.v1.PeerEndpoint;
import dev.steward.agent.v1.PortExpectation;
import dev.steward.agent.v1.RunPreflightRequest;
import dev.steward.agent.v1.ServiceName;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Gathers the observations a preflight decides on: the I/O half of preflight. */
public final class PreflightObserver {

  static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  private final FactsCollector facts;
  private final ServiceBackend backend;

  public PreflightObserver(FactsCollector facts, ServiceBackend backend) {
    this.facts = facts;
    this.backend = backend;
  }

  /**
   * @throws PathRejectedException when a data path is not a valid logical path
   */
  public PreflightObservations observe(RunPreflightRequest request) throws PathRejectedException {
    long memory = facts.systemProbe().observe().totalMemoryBytes();
    JavaRuntime java = facts.javaProbe().probe();
    List<PreflightObservations.Disk> disks = new ArrayList<>();
    for (int i = 0; i < request.getDataPathsCount(); i++) {
      disks.add(disk("data_paths[" + i + "]", request.getDataPaths(i)));
    }
    List<PreflightObservations.Port> ports = new ArrayList<>();
    for (PortExpectation port : request.getPortsList()) {
      ports.add(port(port));
    }
    return new PreflightObservations(memory,
        new PreflightObservations.Java(java.getPresent(), java.getVersion(), java.getFeatureVersion(), java.getJavaHome()),
        disks, ports, peers(request.getPeersList()));
  }

  private PreflightObservations.Disk disk(String field, String path) throws PathRejectedException {
    try {
      PathSpace space = facts.fileStoreProbe().measure(field, path);
      return new PreflightObservations.Disk(path, space.getMeasuredPath(), space.getMountPoint(), space.getUsableBytes(), "");
    } catch (IOException e) {
      return new PreflightObservations.Disk(path, "", "", 0, e.getMessage());
    }
  }

  private PreflightObservations.Port port(PortExpectation expected) {
    boolean ownerActive = expected.getOwner() != ServiceName.SERVICE_NAME_UNSPECIFIED
        && expected.getOwner() != ServiceName.UNRECOGNIZED
        && ServiceStatuses.isActive(backend.status(expected.getOwner()));
    PreflightObservations.Binding binding;
    String error = "";
    try {
      InetAddress address = expected.getAddress().isEmpty() ? null : InetAddress.getByName(expected.getAddress());
      binding = PortProbe.tryBind(address, expected.getPort());
    } catch (UnknownHostException e) {
      binding = PreflightObservations.Binding.ADDRESS_NOT_LOCAL;
      error = e.getMessage();
    } catch (IOException e) {
      binding = PreflightObservations.Binding.ERROR;
      error = e.getMessage();
    }
    return new PreflightObservations.Port(expected.getAddress(), expected.getPort(), expected.getOwner(), binding,
        ownerActive, error);
  }

  /** In parallel: each may take the whole connect timeout. */
  private static List<PreflightObservations.Peer> peers(List<PeerEndpoint> peers) {
    if (peers.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(peers.size(), 8), runnable -> {
      Thread thread = new Thread(runnable, "preflight-peer");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<CompletableFuture<PreflightObservations.Peer>> futures = new ArrayList<>();
      for (PeerEndpoint peer : peers) {
        futures.add(CompletableFuture.supplyAsync(() -> peer(peer), pool));
      }
      return futures.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  private static PreflightObservations.Peer peer(PeerEndpoint peer) {
    List<String> resolved = new ArrayList<>();
    String resolveError = "";
    try {
      for (InetAddress address : InetAddress.getAllByName(peer.getName())) {
        resolved.add(address.getHostAddress());
      }
    } catch (UnknownHostException e) {
      resolveError = "unknown host";
    }
    PreflightObservations.Reach reach = PreflightObservations.Reach.UNREACHABLE;
    String connectError = "";
    String target = peer.getAddress().isEmpty() ? peer.getName() : peer.getAddress();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target, peer.getPort()), CONNECT_TIMEOUT_MILLIS);
      reach = PreflightObservations.Reach.CONNECTED;
    } catch (IOException | IllegalArgumentException e) {
      connectError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      // "Connection refused": a TCP reset from the peer (a NoRouteToHostException is no ConnectException)
      if (e instanceof java.net.ConnectException && connectError.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
        reach = PreflightObservations.Reach.REFUSED;
      }
    }
    return new PreflightObservations.Peer(peer.getName(), peer.getAddress(), peer.getPort(), resolved,
        resolveError, reach, connectError);
  }

  /**
   * Binding a port the way the service will, to see whether it is free. ZooKeeper and Kafka bind
   * with SO_REUSEADDR, so a port counts as in use only when something listens on it (or holds it
   * bound): connections of a just-stopped service that linger in TIME_WAIT do not keep the
   * service from starting, and must not fail preflight either.
   */
  static final class PortProbe {

    private PortProbe() {
    }

    static PreflightObservations.Binding tryBind(InetAddress address, int port) throws IOException {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address, port));
        return PreflightObservations.Binding.FREE;
      } catch (BindException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("assign requested address")) {
          return PreflightObservations.Binding.ADDRESS_NOT_LOCAL;
        }
        if (message.contains("in use")) {
          return PreflightObservations.Binding.IN_USE;
        }
        throw e;
      }
    }
  }
}
