package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsCommandTest {

  @Test
  void loopbackIsTheDefaultAndAllowed() {
    assertThat(MetricsCommand.address("127.0.0.1:9308", false).getPort()).isEqualTo(9308);
    assertThat(MetricsCommand.address("[::1]:9308", false).getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void aNonLoopbackAddressNeedsAllowRemote() {
    assertThatThrownBy(() -> MetricsCommand.address("0.0.0.0:9308", false))
        .isInstanceOfSatisfying(ExitException.class, e -> {
          assertThat(e.code()).isEqualTo(ExitCode.BAD_INPUT);
          assertThat(e.getMessage()).contains("--allow-remote");
        });
    assertThat(MetricsCommand.address("0.0.0.0:9308", true).getAddress().isAnyLocalAddress()).isTrue();
  }

  @Test
  void badAddressesAreBadInput() {
    for (String bad : new String[] {"9308", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1:x", ":9308"}) {
      assertThatThrownBy(() -> MetricsCommand.address(bad, false)).as(bad).isInstanceOf(ExitException.class);
    }
  }
}
