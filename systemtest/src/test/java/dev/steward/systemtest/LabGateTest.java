package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabGateTest {

  @Test
  void autoRunsWhenNothingIsMissingAndSkipsWithTheReasonOtherwise() {
    assertThat(new LabGate(LabGate.Mode.AUTO, List.of()).decision()).isEqualTo(LabGate.Decision.RUN);
    LabGate noRoot = new LabGate(LabGate.Mode.AUTO, List.of("root"));
    assertThat(noRoot.decision()).isEqualTo(LabGate.Decision.SKIP);
    assertThat(noRoot.reason()).contains("needs root").contains("-Dlab=required");
  }

  @Test
  void requiredFailsLoudlyInsteadOfSkipping() {
    LabGate gate = new LabGate(LabGate.Mode.REQUIRED, List.of("systemd-nspawn (apt-get install systemd-container)"));
    assertThat(gate.decision()).isEqualTo(LabGate.Decision.FAIL);
    assertThat(gate.reason()).contains("systemd-nspawn").contains("-Dlab=required was given");
    assertThat(new LabGate(LabGate.Mode.REQUIRED, List.of()).decision()).isEqualTo(LabGate.Decision.RUN);
  }

  @Test
  void skipNeverRunsAndUnknownModesAreRejected() {
    assertThat(new LabGate(LabGate.Mode.SKIP, List.of()).decision()).isEqualTo(LabGate.Decision.SKIP);
    assertThat(LabGate.mode(" Required ")).isEqualTo(LabGate.Mode.REQUIRED);
    assertThatThrownBy(() -> LabGate.mode("yes")).hasMessageContaining("use auto, required or skip");
  }
}
