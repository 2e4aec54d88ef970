package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabGateTest {

  @Test
  void autoRunsWhenNothingIsMissingAndSkipsWithTheReasonOtherwise() {
    assertThat(new LabGate(LabGate.Mode.AUTO, List.of(), List.of()).decision()).isEqualTo(LabGate.Decision.RUN);
    LabGate noRoot = new LabGate(LabGate.Mode.AUTO, List.of("root"), List.of());
    assertThat(noRoot.decision()).isEqualTo(LabGate.Decision.SKIP);
    assertThat(noRoot.reason()).contains("needs root").contains("-Dlab=required");
  }

  @Test
  void withoutNspawnAutoSkipsButRequiredRunsAndLetsLabShInstallIt() {
    List<String> nspawn = List.of("systemd-nspawn (apt-get install systemd-container)");
    LabGate auto = new LabGate(LabGate.Mode.AUTO, List.of(), nspawn);
    assertThat(auto.decision()).isEqualTo(LabGate.Decision.SKIP);
    assertThat(auto.reason()).contains("systemd-nspawn").contains("lets lab.sh install");
    assertThat(new LabGate(LabGate.Mode.REQUIRED, List.of(), nspawn).decision()).isEqualTo(LabGate.Decision.RUN);
  }

  @Test
  void requiredFailsLoudlyWhenNoInstallCanHelp() {
    LabGate gate = new LabGate(LabGate.Mode.REQUIRED, List.of("root"), List.of());
    assertThat(gate.decision()).isEqualTo(LabGate.Decision.FAIL);
    assertThat(gate.reason()).contains("needs root").contains("-Dlab=required was given");
  }

  @Test
  void skipNeverRunsAndUnknownModesAreRejected() {
    assertThat(new LabGate(LabGate.Mode.SKIP, List.of(), List.of()).decision()).isEqualTo(LabGate.Decision.SKIP);
    assertThat(LabGate.mode(" Required ")).isEqualTo(LabGate.Mode.REQUIRED);
    assertThatThrownBy(() -> LabGate.mode("yes")).hasMessageContaining("use auto, required or skip");
  }
}
