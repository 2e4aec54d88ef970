package dev.steward.coordinator.preflight;

import dev.steward.agent.v1.CheckOutcome;
import dev.steward.agent.v1.PeerEndpoint;
import dev.steward.agent.v1.PreflightCheck;
import dev.steward.agent.v1.PreflightThresholds;
import dev.steward.agent.v1.RunPreflightRequest;
import dev.steward.agent.v1.RunPreflightResponse;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.PreflightSpec;
import dev.steward.common.service.ServiceDescriptor;
import dev.steward.common.service.ServicePorts;
import dev.steward.common.service.Services;
import dev.steward.common.state.PortExpectations;
import dev.steward.coordinator.agent.Fleet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks every host's agent to check the guide's prerequisites (RAM, disk under every data dir,
 * Java, ports, reaching the other hosts) and checks clock skew against the coordinator's own
 * clock. Nothing on any host changes.
 */
public final class PreflightRunner {

  private final Fleet fleet;
  private final Clock clock;

  public PreflightRunner(Fleet fleet, Clock clock) {
    this.fleet = fleet;
    this.clock = clock;
  }

  public PreflightReport run(Inventory inventory) {
    Map<HostSpec, Fleet.Outcome<TimedResponse>> answers = fleet.readEach(inventory.hosts(), agent -> {
      HostSpec host = inventory.host(agent.host()).orElseThrow();
      long sent = clock.millis();
      RunPreflightResponse response = agent.preflight(request(inventory, host));
      return new TimedResponse(response, sent, clock.millis());
    });
    List<HostCheck> checks = new ArrayList<>();
    answers.forEach((host, outcome) -> {
      if (!outcome.ok()) {
        checks.add(new HostCheck(host.name(), "agent", CheckOutcome.CHECK_OUTCOME_FAIL, "unreachable",
            "reachable", outcome.errorMessage()));
        return;
      }
      for (PreflightCheck check : outcome.value().response().getChecksList()) {
        checks.add(peerBlockedByOwnFirewall(inventory, new HostCheck(host.name(), check.getName(), check.getOutcome(),
            check.getObserved(), check.getRequired(), check.getMessage())));
      }
      checks.add(clockCheck(host.name(), outcome.value(), inventory.preflight().maxClockSkew()));
    });
    return new PreflightReport(checks);
  }

  static RunPreflightRequest request(Inventory inventory, HostSpec host) {
    PreflightSpec preflight = inventory.preflight();
    RunPreflightRequest.Builder request = RunPreflightRequest.newBuilder()
        .setThresholds(PreflightThresholds.newBuilder()
            .setMinMemoryBytes(preflight.minMemoryBytes())
            .setMinFreeDiskBytes(preflight.minFreeDiskBytes())
            .setMinJavaFeatureVersion(preflight.minJavaFeatureVersion()));
    for (ServiceDescriptor service : Services.on(inventory, host)) {
      request.addAllDataPaths(service.dataPaths(inventory));
    }
    request.addAllPorts(PortExpectations.forHost(inventory, host));
    for (HostSpec peer : inventory.hosts()) {
      if (!peer.name().equals(host.name())) {
        for (int port : peerPorts(inventory, host, peer)) {
          request.addPeers(PeerEndpoint.newBuilder().setName(peer.name()).setAddress(peer.address()).setPort(port));
        }
      }
    }
    return request.build();
  }

  /**
   * The peer's ports that {@code host}'s services connect to, from the same table the firewall
   * rules come from ({@link ServicePorts}). Not the agent port: agents never talk to each other,
   * and the firewall lets only the coordinator reach it. Empty when the two hosts exchange nothing.
   */
  static List<Integer> peerPorts(Inventory inventory, HostSpec host, HostSpec peer) {
    return ServicePorts.dialed(inventory, host, peer);
  }

  /**
   * With {@code firewall.enabled}, every port a peer is probed on is one that Steward's own ufw
   * rules on that peer open to this host; an unanswered probe may be those rules having drifted
   * (a rule deleted by hand), which the base phase repairs. Failing the preflight would keep
   * apply from ever repairing it, so it is a warning then: a block outside Steward still shows
   * (here, and as a gate that times out).
   */
  static HostCheck peerBlockedByOwnFirewall(Inventory inventory, HostCheck check) {
    if (!inventory.firewall().enabled() || !check.name().startsWith("peer:") || !check.failed()) {
      return check;
    }
    return new HostCheck(check.host(), check.name(), CheckOutcome.CHECK_OUTCOME_WARN, check.observed(),
        check.required(), check.message() + "; Steward's firewall on the peer allows this port from " + check.host()
            + ": if its rules drifted, apply restores them (base phase); if this stays, something outside Steward "
            + "blocks it");
  }

  /** The host's clock against ours, allowing for the round trip. */
  static HostCheck clockCheck(String host, TimedResponse timed, Duration maxSkew) {
    long hostMillis = timed.response().getClockUnixMillis();
    long roundTrip = timed.receivedMillis() - timed.sentMillis();
    long midpoint = timed.sentMillis() + roundTrip / 2;
    long skew = Math.max(0, Math.abs(hostMillis - midpoint) - roundTrip / 2);
    boolean ok = hostMillis == 0 || skew <= maxSkew.toMillis();
    return new HostCheck(host, "clock", ok ? CheckOutcome.CHECK_OUTCOME_PASS : CheckOutcome.CHECK_OUTCOME_FAIL,
        hostMillis == 0 ? "not reported" : skew + "ms off", "<= " + maxSkew.toMillis() + "ms",
        ok ? "" : "synchronise the clocks (e.g. systemd-timesyncd or chrony); ZooKeeper sessions and Kafka "
            + "timestamps assume them close");
  }

  record TimedResponse(RunPreflightResponse response, long sentMillis, long receivedMillis) {
  }
}
