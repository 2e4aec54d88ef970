package dev.steward.coordinator.deploy;

import dev.steward.coordinator.connect.ConnectorReconciler;
import dev.steward.agent.v1.RestartReason;
import dev.steward.coordinator.preflight.PreflightReport;
import dev.steward.coordinator.smoke.SmokeTestResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of {@link Deployer#apply} or {@link Deployer#plan}.
 *
 * @param failure empty when everything succeeded; otherwise what stopped the command
 * @param pendingRestarts per host, services running with stale config or binaries
 * @param timings how long each stretch took (preflight, artifact, phases, gates, smoke test)
 */
public record ApplyResult(
    boolean dryRun,
    Optional<PreflightReport> preflight,
    List<PhaseReport> phases,
    Map<String, List<RestartReason>> pendingRestarts,
    List<TimedStep> timings,
    Optional<SmokeTestResult> smokeTest,
    List<ConnectorReconciler.Change> connectors,
    Optional<String> failure) {

  public ApplyResult {
    phases = List.copyOf(phases);
    pendingRestarts = Map.copyOf(pendingRestarts);
    timings = List.copyOf(timings);
    connectors = List.copyOf(connectors);
  }

  public boolean ok() {
    return failure.isEmpty();
  }

  /** For a plan: would anything on any host change? */
  public boolean anyChange() {
    return phases.stream().flatMap(p -> p.hosts().stream()).anyMatch(h -> !h.notable().isEmpty())
        || pendingRestarts.values().stream().anyMatch(r -> !r.isEmpty())
        || connectors.stream().anyMatch(c -> c.action() != ConnectorReconciler.Action.UNCHANGED
            && c.action() != ConnectorReconciler.Action.UNDECLARED);
  }
}
