package dev.steward.agent.resource;

import dev.steward.agent.v1.RestartReason;
import java.util.List;

/**
 * What converging one resource would do, decided purely from desired and observed state.
 *
 * @param text unified-diff-like description for humans (secrets already redacted)
 * @param notifiesServices the change means the services in the resource's {@code notifies}
 *     would run with stale inputs (content changed, not merely a mode)
 * @param ownRestartReasons restart reasons the change causes by itself (a service's changed
 *     definition while it runs)
 * @param conflict why the resource cannot be converged (FAILED), when it cannot
 */
public record Diff(Kind kind, String text, boolean notifiesServices, List<RestartReason> ownRestartReasons,
                   String conflict) {

  /** The three outcomes of a diff. */
  public enum Kind {
    NONE, CHANGE, CONFLICT
  }

  public Diff {
    ownRestartReasons = List.copyOf(ownRestartReasons);
  }

  public static Diff none() {
    return new Diff(Kind.NONE, "", false, List.of(), "");
  }

  public static Diff change(String text, boolean notifiesServices) {
    return new Diff(Kind.CHANGE, text, notifiesServices, List.of(), "");
  }

  public static Diff change(String text, List<RestartReason> ownRestartReasons) {
    return new Diff(Kind.CHANGE, text, false, ownRestartReasons, "");
  }

  public static Diff conflict(String message) {
    return new Diff(Kind.CONFLICT, "", false, List.of(), message);
  }

  public boolean isNone() {
    return kind == Kind.NONE;
  }

  public boolean isConflict() {
    return kind == Kind.CONFLICT;
  }
}
