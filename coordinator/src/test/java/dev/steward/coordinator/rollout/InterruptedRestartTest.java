package dev.steward.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.coordinator.probe.ServiceProcess;
import org.junit.jupiter.api.Test;

class InterruptedRestartTest {

  private static final long STEP_STARTED = 1_000_000L;

  private static ServiceProcess running(long since, boolean pending) {
    return new ServiceProcess("h1", "kafka", true, true, since, -1, pending, "running");
  }

  @Test
  void processStartedAfterTheStepWithNothingPendingIsTheStepsOwnRestart() {
    assertThat(InterruptedRestart.resolve(running(STEP_STARTED + 5, false), STEP_STARTED).countedDone()).isTrue();
  }

  @Test
  void processFromBeforeTheStepStillNeedsItsRestart() {
    InterruptedRestart.Resolution resolution = InterruptedRestart.resolve(running(STEP_STARTED - 5, false),
        STEP_STARTED);

    assertThat(resolution.countedDone()).isFalse();
    assertThat(resolution.explanation()).contains("still runs the process from before the step");
  }

  @Test
  void newProcessThatStillWaitsForARestartIsNotCountedDone() {
    assertThat(InterruptedRestart.resolve(running(STEP_STARTED + 5, true), STEP_STARTED).countedDone()).isFalse();
  }

  @Test
  void stoppedServiceGetsTheRestOfTheStep() {
    ServiceProcess stopped = new ServiceProcess("h1", "kafka", true, false, 0, 0, false, "dead");

    assertThat(InterruptedRestart.resolve(stopped, STEP_STARTED).explanation()).contains("is not running")
        .contains("new operation id");
  }

  @Test
  void agentThatDoesNotAnswerDecidesNothing() {
    assertThatThrownBy(() -> InterruptedRestart.resolve(ServiceProcess.agentUnreachable("h1", "kafka", "UNAVAILABLE"),
        STEP_STARTED)).hasMessageContaining("does not answer");
  }
}
