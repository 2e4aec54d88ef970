package dev.steward.coordinator.deploy;

import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.RestartReason;
import java.util.List;

/**
 * What converging one phase's resources did on one host.
 *
 * @param error set when the call itself failed (agent unreachable, refused the request)
 */
public record HostPhaseResult(String host, List<ResourceResult> results, List<RestartReason> pendingRestarts,
    String error) {

  public HostPhaseResult {
    results = List.copyOf(results);
    pendingRestarts = List.copyOf(pendingRestarts);
  }

  public static HostPhaseResult failedCall(String host, String error) {
    return new HostPhaseResult(host, List.of(), List.of(), error);
  }

  public boolean failed() {
    return error != null || results.stream().anyMatch(r -> r.getStatus() == ResourceStatus.RESOURCE_STATUS_FAILED);
  }

  public long count(ResourceStatus status) {
    return results.stream().filter(r -> r.getStatus() == status).count();
  }

  /** Resources that changed, would change or failed: what a person needs to see. */
  public List<ResourceResult> notable() {
    return results.stream().filter(r -> r.getStatus() != ResourceStatus.RESOURCE_STATUS_UNCHANGED).toList();
  }
}
