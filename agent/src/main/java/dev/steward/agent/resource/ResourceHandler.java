package dev.steward.agent.resource;

import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.RestartReasonKind;
import java.io.IOException;

/**
 * Converges one kind of resource: observe the host, decide purely, then act. Apply is
 * idempotent (after it, observe + diff says "none"); a dry run stops after diff.
 *
 * @param <D> the desired state (the resource's typed message)
 * @param <O> what observe found on the host
 */
public interface ResourceHandler<D, O> {

  D desired(Resource resource);

  /** Reads the host. Never changes it. */
  O observe(D desired) throws IOException, ResourceFailure;

  /** Pure: the same inputs always give the same diff. */
  Diff diff(D desired, O observed);

  /**
   * Makes the host match {@code desired}. Called only for a diff of kind CHANGE.
   *
   * @return a short note for the result's message, or ""
   */
  String apply(D desired, O observed, Diff diff) throws IOException, ResourceFailure;

  /**
   * For the audit trail's digests: the content this resource manages as observed, null when
   * the resource has no content (directories, services) or the file is absent.
   */
  default byte[] observedContent(O observed) {
    return null;
  }

  /**
   * Sets {@code ResourceResult.found} for kinds whose observed state a coordinator decides on, so
   * that it never has to read the state out of a message meant for people. Nothing for most kinds.
   */
  default void describeFound(O observed, ResourceResult.Builder result) {
  }

  /** The content this resource should have; null when it has none. */
  default byte[] desiredContent(D desired) {
    return null;
  }

  /** The restart reason a content change gives the services in the resource's {@code notifies}. */
  default RestartReasonKind notifyKind() {
    return RestartReasonKind.RESTART_REASON_KIND_CONFIG_CHANGED;
  }
}
