package dev.steward.agent.service.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.testing.RecordingCommandRunner;
import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;
import org.junit.jupiter.api.Test;

/** Outputs recorded from systemd 252 in a lab host (systemtest/lab.sh). */
class SystemctlShowTest {

  static final ServiceName KAFKA = ServiceName.SERVICE_NAME_KAFKA;

  static SystemctlShow recorded(String name) {
    return SystemctlShow.parse(RecordingCommandRunner.resource(SystemctlShowTest.class, name));
  }

  @Test
  void runningEnabledServiceReportsPidAndWhenItBecameActive() {
    SystemctlShow show = recorded("show-running.txt");
    long entered = show.activeEnterMonotonicMicros();

    ServiceStatus status = show.toStatus(KAFKA, entered + 5_000_000, 1_700_000_005_000L);

    assertThat(status.getInstalled()).isTrue();
    assertThat(status.getEnabled()).isTrue();
    assertThat(status.getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE);
    assertThat(status.getSubState()).isEqualTo("running");
    assertThat(status.getMainPid()).isPositive();
    assertThat(status.getActiveSinceUnixMillis()).isEqualTo(1_700_000_000_000L);
    assertThat(status.getLastExitStatus()).isEqualTo(-1);
  }

  @Test
  void crashLoopingServiceIsActivatingInAutoRestartWithItsExitStatusAndRestartCount() {
    ServiceStatus status = recorded("show-auto-restart.txt").toStatus(KAFKA, Long.MAX_VALUE, 0);

    assertThat(status.getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVATING);
    assertThat(status.getSubState()).isEqualTo("auto-restart");
    assertThat(status.getLastExitStatus()).isEqualTo(3);
    assertThat(status.getCrashRestarts()).isEqualTo(1);
    assertThat(status.getMainPid()).isZero();
    assertThat(status.getActiveSinceUnixMillis()).as("not active").isZero();
  }

  @Test
  void killedBySignalIsReportedLikeAShellDoes() {
    assertThat(recorded("show-killed.txt").toStatus(KAFKA, Long.MAX_VALUE, 0).getLastExitStatus()).isEqualTo(128 + 9);
    assertThat(recorded("show-stopped.txt").toStatus(KAFKA, Long.MAX_VALUE, 0).getLastExitStatus()).isEqualTo(128 + 15);
    assertThat(recorded("show-killed.txt").toStatus(KAFKA, Long.MAX_VALUE, 0).getActiveState())
        .isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_FAILED);
  }

  @Test
  void stoppedAndDisabledServiceIsInactiveAndNotEnabled() {
    ServiceStatus status = recorded("show-stopped-disabled.txt").toStatus(KAFKA, Long.MAX_VALUE, 0);

    assertThat(status.getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE);
    assertThat(status.getEnabled()).isFalse();
    assertThat(status.getInstalled()).isTrue();
  }

  @Test
  void unknownUnitIsNotInstalled() {
    SystemctlShow show = recorded("show-not-found.txt");

    assertThat(show.loaded()).isFalse();
    assertThat(show.toStatus(KAFKA, Long.MAX_VALUE, 0).getInstalled()).isFalse();
  }

  @Test
  void editedUnitFileNeedsADaemonReload() {
    assertThat(recorded("show-need-reload.txt").needsDaemonReload()).isTrue();
    assertThat(recorded("show-running.txt").needsDaemonReload()).isFalse();
  }

  @Test
  void valuesMayContainEqualsSignsAndUnknownStatesMapToUnspecified() {
    SystemctlShow show = SystemctlShow.parse("ExecStart={ path=/bin/java ; argv[]=/bin/java -Da=b }\nActiveState=weird\n");

    assertThat(show.get("ExecStart")).isEqualTo("{ path=/bin/java ; argv[]=/bin/java -Da=b }");
    assertThat(SystemctlShow.activeState(show.get("ActiveState"))).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_UNSPECIFIED);
  }
}
