package dev.steward.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
  void aTokenFileThatHoldsNoTokenIsABadArgumentAndItsContentIsNeverPrinted() throws Exception {
    Path token = Files.writeString(root.resolve("token"), "hunter2-not-a-token\n");
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(AgentMain.run("--listen", "127.0.0.1:0", "--root", root.toString(), "--backend", "supervisor",
          "--enroll-token-file", token.toString())).isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
      assertThat(AgentMain.run("--listen", "127.0.0.1:0", "--root", root.toString(), "--backend", "supervisor",
          "--enroll-token-file", root.resolve("missing").toString())).isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not hold a Steward enrollment token")
        .contains("cannot be read").doesNotContain("hunter2");
  }

  @Test
  void anEnrolledAgentStartsWhenItsUsedTokenFileWasRemoved() throws Exception {
    Path state = root.resolve("var/lib/steward");
    Path gone = root.resolve("etc/steward/enroll-token");
    AgentMain main = new AgentMain();
    assertThatThrownBy(() -> main.enrollToken(gone, state)).as("pending: a missing token file is a mistake")
        .hasMessageContaining("cannot be read");

    Files.createDirectories(state.resolve("tls"));
    Files.writeString(state.resolve("tls/agent.crt"), "enrolled");
    assertThat(main.enrollToken(gone, state)).isEmpty();
  }

  @Test
  void aTokenFromTheEnvironmentMustBeWellFormed() {
    AgentMain main = new AgentMain();
    main.environment = java.util.Map.of(AgentMain.ENROLL_TOKEN_ENV, "nope");
    assertThat(AgentMain.run(main, "--listen", "127.0.0.1:0", "--root", root.toString(), "--backend", "supervisor"))
        .isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
  }

  @Test
  void aTokenWithInsecureIsABadArgument() throws Exception {
    Path token = Files.writeString(root.resolve("token"), "stw1_" + "A".repeat(43) + "\n");
    assertThat(AgentMain.run("--insecure", "--listen", "127.0.0.1:0", "--root", root.toString(), "--backend",
        "supervisor", "--enroll-token-file", token.toString())).isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
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
