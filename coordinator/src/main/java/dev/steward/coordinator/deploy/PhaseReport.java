package dev.steward.coordinator.deploy;

import java.time.Duration;
import java.util.List;

/** One phase of an apply or plan ("base", "zookeeper", "kafka") across the hosts it touched. */
public record PhaseReport(String name, Duration took, List<HostPhaseResult> hosts) {

  public PhaseReport {
    hosts = List.copyOf(hosts);
  }

  public boolean failed() {
    return hosts.stream().anyMatch(HostPhaseResult::failed);
  }
}
