package dev.steward.agent.resource;

import dev.steward.agent.service.PendingRestarts;
import dev.steward.agent.service.ServiceBackend;
import dev.steward.agent.service.ServiceStatuses;
import dev.steward.agent.v1.ApplySummary;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.RestartReason;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges resources in order: observe, diff, then apply (or, in a dry run, report). A
 * change to a resource that running services read becomes a pending restart reason for them;
 * nothing is restarted here. After a failure the remaining resources are not attempted
 * (they usually depend on it: a config file in a directory that could not be created, a
 * service whose binaries are missing); a dry run evaluates all of them to show the whole plan.
 */
public final class ResourceEngine {

  private static final Logger log = LoggerFactory.getLogger(ResourceEngine.class);

  private final Map<Resource.KindCase, ResourceHandler<?, ?>> handlers;
  private final ServiceBackend backend;
  private final PendingRestarts pendingRestarts;

  public ResourceEngine(Map<Resource.KindCase, ResourceHandler<?, ?>> handlers, ServiceBackend backend,
                        PendingRestarts pendingRestarts) {
    this.handlers = Map.copyOf(handlers);
    this.backend = backend;
    this.pendingRestarts = pendingRestarts;
  }

  /**
   * One resource's outcome with what the audit trail needs: the managed content before and
   * after (null when the resource has none, or it is unknown).
   */
  public record Change(Resource resource, ResourceResult result, byte[] before, byte[] after) {
  }

  /**
   * @param sink receives each result as soon as it is known
   * @return the counts and the pending restarts after the run (operation id not set)
   */
  public ApplySummary converge(List<Resource> resources, boolean dryRun, Consumer<ResourceResult> sink) {
    return converge(resources, dryRun, sink, change -> { });
  }

  /**
   * @param changes receives every outcome with its contents, before {@code sink} gets the result
   */
  public ApplySummary converge(List<Resource> resources, boolean dryRun, Consumer<ResourceResult> sink,
                               Consumer<Change> changes) {
    ApplySummary.Builder summary = ApplySummary.newBuilder();
    String failedBefore = null;
    for (Resource resource : resources) {
      Change change;
      if (failedBefore != null && !dryRun) {
        change = new Change(resource, result(resource, ResourceStatus.RESOURCE_STATUS_SKIPPED, "",
            "not attempted: " + failedBefore + " failed before it", List.of()), null, null);
      } else {
        change = convergeOne(resource, dryRun);
      }
      ResourceResult result = change.result();
      changes.accept(change);
      if (result.getStatus() == ResourceStatus.RESOURCE_STATUS_FAILED && failedBefore == null) {
        failedBefore = resource.getId();
      }
      count(summary, result.getStatus());
      sink.accept(result);
    }
    return summary.addAllPendingRestarts(pendingRestarts.all()).build();
  }

  private Change convergeOne(Resource resource, boolean dryRun) {
    ResourceHandler<?, ?> handler = handlers.get(resource.getKindCase());
    if (handler == null) {
      return new Change(resource, result(resource, ResourceStatus.RESOURCE_STATUS_SKIPPED, "",
          "not supported by this agent yet", List.of()), null, null);
    }
    try {
      return converge(resource, handler, dryRun);
    } catch (ResourceFailure e) {
      return failed(resource, e.getMessage());
    } catch (IOException e) {
      return failed(resource, "I/O error on the host: " + e);
    } catch (RuntimeException | LinkageError e) {
      // A bug or a broken installation (a missing class) fails this resource, not the agent.
      log.error("resource {} failed unexpectedly", resource.getId(), e);
      return failed(resource, "internal agent error: " + e + " (see the agent's log)");
    }
  }

  private static Change failed(Resource resource, String message) {
    return new Change(resource, result(resource, ResourceStatus.RESOURCE_STATUS_FAILED, "", message, List.of()), null,
        null);
  }

  private <D, O> Change converge(Resource resource, ResourceHandler<D, O> handler, boolean dryRun)
      throws IOException, ResourceFailure {
    D desired = handler.desired(resource);
    O observed = handler.observe(desired);
    Change change = converge(resource, handler, desired, observed, dryRun);
    ResourceResult.Builder result = change.result().toBuilder();
    handler.describeFound(observed, result);
    return new Change(resource, result.build(), change.before(), change.after());
  }

  private <D, O> Change converge(Resource resource, ResourceHandler<D, O> handler, D desired, O observed,
                                 boolean dryRun) throws IOException, ResourceFailure {
    Diff diff = handler.diff(desired, observed);
    byte[] before = handler.observedContent(observed);
    byte[] after = handler.desiredContent(desired);
    if (diff.isConflict()) {
      return new Change(resource, result(resource, ResourceStatus.RESOURCE_STATUS_FAILED, "", diff.conflict(),
          List.of()), before, after);
    }
    if (diff.isNone()) {
      return new Change(resource, result(resource, ResourceStatus.RESOURCE_STATUS_UNCHANGED, "", "", List.of()),
          before, after);
    }
    List<RestartReason> reasons = new ArrayList<>(diff.ownRestartReasons());
    if (diff.notifiesServices()) {
      reasons.addAll(notifyRunning(resource, handler.notifyKind()));
    }
    if (dryRun) {
      return new Change(resource, result(resource, ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE, diff.text(), "",
          reasons), before, after);
    }
    String note = handler.apply(desired, observed, diff);
    pendingRestarts.add(reasons);
    return new Change(resource, result(resource, ResourceStatus.RESOURCE_STATUS_CHANGED, diff.text(), note, reasons),
        before, after);
  }

  /** A stopped service reads the new input when it starts: only running ones need a restart. */
  private List<RestartReason> notifyRunning(Resource resource, RestartReasonKind kind) {
    List<RestartReason> reasons = new ArrayList<>();
    for (ServiceName service : resource.getNotifiesList()) {
      if (ServiceStatuses.isRunningOrRestarting(backend.status(service))) {
        reasons.add(RestartReason.newBuilder().setService(service).setKind(kind).setDetail(resource.getId()).build());
      }
    }
    return reasons;
  }

  private static ResourceResult result(Resource resource, ResourceStatus status, String diff, String message,
                                       List<RestartReason> reasons) {
    return ResourceResult.newBuilder()
        .setId(resource.getId())
        .setStatus(status)
        .setDiff(diff)
        .setMessage(message)
        .addAllRestartReasons(reasons)
        .build();
  }

  private static void count(ApplySummary.Builder summary, ResourceStatus status) {
    switch (status) {
      case RESOURCE_STATUS_UNCHANGED -> summary.setUnchanged(summary.getUnchanged() + 1);
      case RESOURCE_STATUS_WOULD_CHANGE -> summary.setWouldChange(summary.getWouldChange() + 1);
      case RESOURCE_STATUS_CHANGED -> summary.setChanged(summary.getChanged() + 1);
      case RESOURCE_STATUS_FAILED -> summary.setFailed(summary.getFailed() + 1);
      case RESOURCE_STATUS_SKIPPED -> summary.setSkipped(summary.getSkipped() + 1);
      default -> throw new IllegalStateException("unexpected status " + status);
    }
  }
}
