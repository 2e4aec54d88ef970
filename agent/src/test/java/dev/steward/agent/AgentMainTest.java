package dev.steward.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {

  @TempDir
  Path root;

  @Test
  void helpExitsZero() {
    assertThat(AgentMain.run("--help")).isEqualTo(AgentMain.EXIT_OK);
  }

  @Test
  void unknownOptionIsABadArgument() {
    assertThat(AgentMain.run("--no-such-option")).isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
  }

  @Test
  void insecureIsRefusedOnANonLoopbackAddress() {
    assertThat(AgentMain.run("--insecure", "--listen", "0.0.0.0:0", "--root", root.toString(), "--backend", "supervisor"))
        .isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
  }

  @Test
  void withoutInsecureTheAgentRefusesUntilTlsExists() {
    assertThat(AgentMain.run("--listen", "127.0.0.1:0", "--root", root.toString(), "--backend", "supervisor"))
        .isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
  }

  @Test
  void explicitSystemdBackendIsRefusedOnASandboxRoot() {
    assertThat(AgentMain.run("--insecure", "--listen", "127.0.0.1:0", "--root", root.toString(), "--backend", "systemd"))
        .isEqualTo(AgentMain.EXIT_FAILURE);
  }

  @Test
  void badBackendNameAndMissingRootAreBadArguments() {
    assertThat(AgentMain.run("--backend", "launchd")).isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
    assertThat(AgentMain.run("--insecure", "--listen", "127.0.0.1:0", "--root", root.resolve("missing").toString()))
        .isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
  }

  @Test
  void listenAddressesParseWithIpv6Brackets() throws Exception {
    assertThat(AgentMain.parseListen("[::1]:7443").getAddress().isLoopbackAddress()).isTrue();
    assertThat(AgentMain.parseListen("127.0.0.1:7443").getPort()).isEqualTo(7443);
    assertThatThrownBy(() -> AgentMain.parseListen("7443")).hasMessageContaining("ADDR:PORT");
    assertThatThrownBy(() -> AgentMain.parseListen("127.0.0.1:99999")).hasMessageContaining("0..65535");
  }
}
