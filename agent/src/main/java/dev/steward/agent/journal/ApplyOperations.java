package dev.steward.agent.journal;

import dev.steward.agent.audit.AuditSink;
import dev.steward.agent.resource.ResourceEngine;
import dev.steward.agent.resource.ResourceRequestValidator;
import dev.steward.agent.security.CallerIdentity;
import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ApplySummary;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourceStatus;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apply and watch, with the guarantees a coordinator relies on: one apply at a time per
 * agent; an operation id runs at most once (re-sending it replays the stored results, or
 * attaches to it while it still runs); an id reused for a different request is refused.
 *
 * <p>An operation belongs to the agent, not to the call that started it: when that call
 * is cancelled (or the coordinator dies) the operation still completes, and anyone can watch
 * it by id. Each resource is converged atomically, so stopping halfway would gain nothing.
 */
public final class ApplyOperations implements AutoCloseable {

  static final String KIND = "apply";

  private static final Logger log = LoggerFactory.getLogger(ApplyOperations.class);

  private final OperationJournal journal;
  private final ResourceEngine engine;
  private final LastAppliedStore lastApplied;
  private final Clock clock;
  private final ExecutorService executor;
  private final AuditSink audit;
  private final Semaphore runSlot = new Semaphore(1, true);
  private final Map<String, RunningOperation> running = new HashMap<>();
  private volatile String runningId = "";

  public ApplyOperations(OperationJournal journal, ResourceEngine engine, LastAppliedStore lastApplied, Clock clock,
                         ExecutorService executor) {
    this(journal, engine, lastApplied, clock, executor, AuditSink.NONE);
  }

  /** @param audit receives one entry per resource changed (or failed) by a real (not dry) run */
  public ApplyOperations(OperationJournal journal, ResourceEngine engine, LastAppliedStore lastApplied, Clock clock,
                         ExecutorService executor, AuditSink audit) {
    this.audit = audit;
    this.journal = journal;
    this.engine = engine;
    this.lastApplied = lastApplied;
    this.clock = clock;
    this.executor = executor;
  }

  /** Something a caller can detach from. */
  @FunctionalInterface
  public interface Subscription {
    Subscription NONE = () -> { };

    void cancel();
  }

  /**
   * Runs, attaches to, or replays an apply.
   *
   * @param maxWaitNanos how long to wait for another operation to finish (the call's deadline); negative: forever
   * @param cancelled polled while waiting
   */
  public Subscription apply(ApplyRequest request, long maxWaitNanos, BooleanSupplier cancelled,
                            OperationSubscriber subscriber) throws OperationException {
    OperationJournal.requireValidId(request.getOperationId());
    List<String> problems = ResourceRequestValidator.problems(request.getResourcesList());
    if (!problems.isEmpty()) {
      throw new OperationException(OperationException.Reason.INVALID, problems.size() + " invalid resource"
          + (problems.size() == 1 ? "" : "s") + ":\n  " + String.join("\n  ", problems));
    }
    String id = request.getOperationId();
    String digest = RequestDigest.of(KIND, request);
    Subscription existing = joinExisting(id, digest, subscriber);
    if (existing != null) {
      return existing;
    }
    acquireRunSlot(maxWaitNanos, cancelled);
    RunningOperation operation;
    synchronized (this) {
      // Someone may have started or finished the same id while we waited.
      existing = joinExisting(id, digest, subscriber);
      if (existing != null) {
        runSlot.release();
        return existing;
      }
      operation = new RunningOperation(id, digest);
      running.put(id, operation);
      runningId = id;
    }
    operation.subscribe(subscriber);
    // the caller of the gRPC call that starts the operation; the operation runs on its own thread
    String caller = CallerIdentity.current().name();
    try {
      executor.execute(() -> run(request, operation, caller));
    } catch (RuntimeException e) {
      finishRunning(operation);
      throw new OperationException(OperationException.Reason.INTERNAL, "cannot start the operation: " + e);
    }
    return () -> operation.unsubscribe(subscriber);
  }

  /** Streams an operation that is running or finished. */
  public Subscription watch(String id, OperationSubscriber subscriber) throws OperationException {
    OperationJournal.requireValidId(id);
    synchronized (this) {
      RunningOperation operation = running.get(id);
      if (operation != null) {
        operation.subscribe(subscriber);
        return () -> operation.unsubscribe(subscriber);
      }
    }
    OperationRecord record = journal.find(id).filter(r -> r.kind().equals(KIND)).orElseThrow(() ->
        new OperationException(OperationException.Reason.NOT_FOUND, "no apply operation with id " + id
            + " on this agent (never run, or pruned from the journal)"));
    replay(record, subscriber);
    return Subscription.NONE;
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("an apply is still running at shutdown: {}", runningId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Attach to a running operation or replay a finished one; null when the id must run. */
  private synchronized Subscription joinExisting(String id, String digest, OperationSubscriber subscriber)
      throws OperationException {
    RunningOperation operation = running.get(id);
    if (operation != null) {
      requireSameRequest(id, operation.digest, digest);
      operation.subscribe(subscriber);
      return () -> operation.unsubscribe(subscriber);
    }
    OperationRecord record = journal.find(id).orElse(null);
    if (record == null) {
      return null;
    }
    if (!record.kind().equals(KIND)) {
      throw new OperationException(OperationException.Reason.ALREADY_EXISTS, "operation id " + id
          + " was already used for a " + record.kind() + " operation: use a new id");
    }
    requireSameRequest(id, record.requestDigest(), digest);
    if (record.state() == OperationRecord.State.INTERRUPTED) {
      log.info("re-running operation {}, interrupted by an agent restart", id);
      return null;
    }
    replay(record, subscriber);
    return Subscription.NONE;
  }

  private static void requireSameRequest(String id, String recorded, String digest) throws OperationException {
    if (!recorded.equals(digest)) {
      throw new OperationException(OperationException.Reason.ALREADY_EXISTS, "operation id " + id
          + " was already used for a different request: use a new operation id for new resources");
    }
  }

  private void acquireRunSlot(long maxWaitNanos, BooleanSupplier cancelled) throws OperationException {
    long deadline = System.nanoTime() + maxWaitNanos;
    try {
      while (!runSlot.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          throw new OperationException(OperationException.Reason.CANCELLED, "cancelled while waiting for operation "
              + runningId);
        }
        if (maxWaitNanos >= 0 && System.nanoTime() - deadline > 0) {
          throw new OperationException(OperationException.Reason.ABORTED, "another operation is running: "
              + runningId + "; retry after it finished (or watch it)");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationException(OperationException.Reason.CANCELLED, "interrupted while waiting");
    }
  }

  private void run(ApplyRequest request, RunningOperation operation, String caller) {
    String id = request.getOperationId();
    String describe = (request.getDryRun() ? "dry-run apply" : "apply") + " of " + request.getResourcesCount()
        + " resources";
    OperationRecord[] record = {OperationRecord.started(id, KIND, describe, operation.digest, clock.millis())};
    try {
      journal.save(record[0]);
      log.info("operation {}: {}", id, describe);
      ApplySummary counts = engine.converge(request.getResourcesList(), request.getDryRun(), result -> {
        record[0] = record[0].withResult(ProtoJson.toJson(result));
        journal.save(record[0]);
        logResult(id, result);
        operation.publish(ApplyEvent.newBuilder().setResult(result).build());
      }, change -> {
        if (!request.getDryRun()) {
          audit(caller, id, change);
        }
      });
      ApplySummary summary = counts.toBuilder().setOperationId(id).build();
      if (request.getRecordAsDesired() && !request.getDryRun() && summary.getFailed() == 0) {
        lastApplied.record(request);
      }
      journal.save(record[0].finished(ProtoJson.toJson(summary), clock.millis()));
      log.info("operation {} finished: {} changed, {} unchanged, {} would change, {} failed, {} skipped", id,
          summary.getChanged(), summary.getUnchanged(), summary.getWouldChange(), summary.getFailed(),
          summary.getSkipped());
      operation.publish(ApplyEvent.newBuilder().setSummary(summary).build());
      finishRunning(operation);
      operation.complete();
    } catch (IOException | RuntimeException | LinkageError e) {
      // Whatever happens, the operation must end: a caller is waiting on it.
      log.error("operation {} failed", id, e);
      try {
        journal.save(record[0].failed("INTERNAL", e.toString(), clock.millis()));
      } catch (RuntimeException ignored) {
        // already reporting a failure
      }
      finishRunning(operation);
      operation.fail(new OperationException(OperationException.Reason.INTERNAL, "operation " + id
          + " failed inside the agent: " + e + " (see the agent's log)"));
    }
  }

  /** One audit line per resource that changed or failed; never its content, only digests. */
  private void audit(String caller, String id, ResourceEngine.Change change) {
    ResourceStatus status = change.result().getStatus();
    if (status != ResourceStatus.RESOURCE_STATUS_CHANGED && status != ResourceStatus.RESOURCE_STATUS_FAILED) {
      return;
    }
    Resource resource = change.resource();
    boolean secret = resource.hasFile() && resource.getFile().getSecret();
    String before = change.before() != null ? audit.digest(change.before(), secret)
        : change.after() != null && status == ResourceStatus.RESOURCE_STATUS_CHANGED ? "absent" : "";
    String after = change.after() != null && status == ResourceStatus.RESOURCE_STATUS_CHANGED
        ? audit.digest(change.after(), secret) : "";
    audit.record(caller, id, "apply", resource.getId(), before, after, status.name().replace("RESOURCE_STATUS_", ""),
        change.result().getMessage());
  }

  private void finishRunning(RunningOperation operation) {
    synchronized (this) {
      running.remove(operation.id);
      runningId = "";
    }
    runSlot.release();
  }

  private static void replay(OperationRecord record, OperationSubscriber subscriber) {
    for (Object result : record.results()) {
      subscriber.onEvent(ApplyEvent.newBuilder()
          .setResult(ProtoJson.fromJson(result, ResourceResult.newBuilder()))
          .build());
    }
    if (record.state() == OperationRecord.State.INTERRUPTED) {
      subscriber.onFailed(new OperationException(OperationException.Reason.ABORTED, "operation " + record.id()
          + " was interrupted by an agent restart after " + record.results().size()
          + " results: re-send Apply with the same operation id to finish it"));
      return;
    }
    if (record.outcome() == null) {
      subscriber.onFailed(new OperationException(OperationException.Reason.INTERNAL, "operation " + record.id()
          + " failed inside the agent: " + record.errorMessage()));
      return;
    }
    ApplySummary summary = ProtoJson.fromJson(record.outcome(), ApplySummary.newBuilder()).setReplayed(true).build();
    subscriber.onEvent(ApplyEvent.newBuilder().setSummary(summary).build());
    subscriber.onCompleted();
  }

  private static void logResult(String id, ResourceResult result) {
    switch (result.getStatus()) {
      case RESOURCE_STATUS_FAILED -> log.warn("operation {}: {} FAILED: {}", id, result.getId(), result.getMessage());
      case RESOURCE_STATUS_CHANGED -> log.info("operation {}: {} changed{}", id, result.getId(),
          result.getRestartReasonsCount() > 0 ? ", restart reasons " + result.getRestartReasonsList().stream()
              .map(r -> r.getService() + "/" + r.getKind()).toList() : "");
      default -> log.debug("operation {}: {} {}", id, result.getId(), result.getStatus());
    }
  }
}
