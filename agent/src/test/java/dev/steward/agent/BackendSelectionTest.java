package dev.steward.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.AgentConfig.BackendChoice;
import org.junit.jupiter.api.Test;

class BackendSelectionTest {

  @Test
  void autoPicksSystemdOnlyWhenSystemdRunsWeAreRootAndTheRootIsSlash() throws Exception {
    assertThat(Agent.resolveBackend(BackendChoice.AUTO, true, true, true)).isEqualTo(BackendChoice.SYSTEMD);
    assertThat(Agent.resolveBackend(BackendChoice.AUTO, false, true, true)).isEqualTo(BackendChoice.SUPERVISOR);
    assertThat(Agent.resolveBackend(BackendChoice.AUTO, true, false, true)).isEqualTo(BackendChoice.SUPERVISOR);
    assertThat(Agent.resolveBackend(BackendChoice.AUTO, true, true, false)).isEqualTo(BackendChoice.SUPERVISOR);
  }

  @Test
  void supervisorIsAlwaysPossible() throws Exception {
    assertThat(Agent.resolveBackend(BackendChoice.SUPERVISOR, true, true, true)).isEqualTo(BackendChoice.SUPERVISOR);
  }

  @Test
  void explicitSystemdThatCannotWorkIsRefusedWithTheReason() {
    assertThatThrownBy(() -> Agent.resolveBackend(BackendChoice.SYSTEMD, false, true, true))
        .hasMessageContaining("does not run systemd");
    assertThatThrownBy(() -> Agent.resolveBackend(BackendChoice.SYSTEMD, true, false, true))
        .hasMessageContaining("root");
    assertThatThrownBy(() -> Agent.resolveBackend(BackendChoice.SYSTEMD, true, true, false))
        .hasMessageContaining("--root /");
  }
}
