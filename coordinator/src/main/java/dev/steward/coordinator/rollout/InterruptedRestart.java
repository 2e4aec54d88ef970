package dev.steward.coordinator.rollout;

import dev.steward.coordinator.probe.ServiceProcess;
import java.time.Instant;

/**
 * What to do with a restart the agent was killed in the middle of (docs/rollouts.md, "Resume after
 * an agent restart"). The agent cannot know how far it got, so it refuses to replay the operation;
 * the coordinator looks at the service instead. A process that started after the step did, and
 * waits for no restart, is the step's own restart, finished: count it. Anything else (the old
 * process still running, nothing running, a restart still pending) gets the rest of the step under
 * a new operation id. Either way the step moves on, so resume never loops on the same answer.
 */
public final class InterruptedRestart {

  private InterruptedRestart() {
  }

  /** The verdict and the sentence the journal and the output carry. */
  public record Resolution(boolean countedDone, String explanation) {
  }

  public static Resolution resolve(ServiceProcess now, long stepStartedAtMillis) {
    String who = now.service() + " on " + now.host();
    if (!now.agentReachable()) {
      throw new IllegalStateException("the agent of " + now.host() + " does not answer: cannot tell whether " + who
          + " was restarted (" + now.detail() + ")");
    }
    if (now.running() && !now.restartPending() && now.activeSinceMillis() >= stepStartedAtMillis) {
      return new Resolution(true, "the agent restarted in the middle of the step, but " + who + " runs a process "
          + "started at " + Instant.ofEpochMilli(now.activeSinceMillis()) + ", after the step began, with nothing "
          + "pending: the restart is counted done");
    }
    String state = now.running() ? (now.restartPending() ? "still waits for its restart"
        : "still runs the process from before the step") : "is not running";
    return new Resolution(false, "the agent restarted in the middle of the step and " + who + " " + state
        + ": the rest of the step is sent under a new operation id");
  }
}
