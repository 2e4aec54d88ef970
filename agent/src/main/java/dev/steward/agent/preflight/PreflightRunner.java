package dev.steward.agent.preflight;

import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.v1.RunPreflightRequest;
import dev.steward.agent.v1.RunPreflightResponse;
import java.time.Clock;

/** Observe, then decide. */
public final class PreflightRunner {

  private final PreflightObserver observer;
  private final Clock clock;

  public PreflightRunner(PreflightObserver observer, Clock clock) {
    this.observer = observer;
    this.clock = clock;
  }

  /**
   * @throws PathRejectedException when a data path is not a valid logical path
   * @throws IllegalArgumentException when a port or peer is malformed
   */
  public RunPreflightResponse run(RunPreflightRequest request) throws PathRejectedException {
    for (int i = 0; i < request.getPortsCount(); i++) {
      requirePort("ports[" + i + "].port", request.getPorts(i).getPort());
    }
    for (int i = 0; i < request.getPeersCount(); i++) {
      requirePort("peers[" + i + "].port", request.getPeers(i).getPort());
      if (request.getPeers(i).getName().isEmpty()) {
        throw new IllegalArgumentException("peers[" + i + "].name is empty: give the peer's host name");
      }
    }
    PreflightObservations observations = observer.observe(request);
    return RunPreflightResponse.newBuilder()
        .addAllChecks(PreflightRules.evaluate(request.getThresholds(), observations))
        .setClockUnixMillis(clock.millis())
        .build();
  }

  private static void requirePort(String field, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(field + " " + Integer.toUnsignedString(port) + " is not a TCP port: use 1..65535");
    }
  }
}
