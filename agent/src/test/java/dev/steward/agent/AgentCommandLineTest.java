package dev.steward.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.AgentMain.BadArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentCommandLineTest {

  @Test
  void helpListsEveryOptionTheAgentHadWithPicocli() {
    String usage = AgentCommandLine.usage();

    assertThat(usage).startsWith("Usage: steward-agent").contains("Exit codes: 0 ok, 1 failure, 2 bad arguments.")
        .contains("--config=FILE", "--listen=ADDR:PORT", "--root=DIR", "--state-dir=DIR",
            "--backend=auto|supervisor|systemd", "--insecure\n", "--enroll-token-file=FILE", "--pid-file=FILE",
            "--log-file=FILE", "--java-home=DIR", "--max-artifact-bytes=N", "-h, --help", "-V, --version");
    assertThat(usage.lines()).allMatch(line -> line.length() <= 80);
  }

  @Test
  void valuesComeAfterABlankOrAnEqualsSign() throws Exception {
    AgentMain main = new AgentMain();

    assertThat(AgentCommandLine.parse(main, "--listen", "127.0.0.1:7443", "--root=/srv/h1", "--insecure",
        "--backend=SystemD", "--max-artifact-bytes", "1024", "--state-dir", "/var/lib/x=y"))
        .isEqualTo(AgentCommandLine.Request.RUN);
    assertThat(main.listen).isEqualTo("127.0.0.1:7443");
    assertThat(main.root).isEqualTo(Path.of("/srv/h1"));
    assertThat(main.insecure).isTrue();
    assertThat(main.backend).isEqualTo(AgentConfig.BackendChoice.SYSTEMD);
    assertThat(main.maxArtifactBytes).isEqualTo(1024L);
    assertThat(main.stateDir).isEqualTo(Path.of("/var/lib/x=y"));
    assertThat(main.configFile).as("not given: left for the config file").isNull();
  }

  @Test
  void helpAndVersionWinWhereverTheyStand() throws Exception {
    assertThat(AgentCommandLine.parse(new AgentMain(), "--listen", "x", "-h")).isEqualTo(AgentCommandLine.Request.HELP);
    assertThat(AgentCommandLine.parse(new AgentMain(), "--no-such", "--version"))
        .isEqualTo(AgentCommandLine.Request.VERSION);
    assertThat(AgentCommandLine.parse(new AgentMain(), "-V")).isEqualTo(AgentCommandLine.Request.VERSION);
  }

  @Test
  void mistakesAreUsageErrorsNamingTheOption() {
    assertThatThrownBy(() -> AgentCommandLine.parse(new AgentMain(), "--no-such-option"))
        .isInstanceOf(BadArgumentException.class).hasMessage("Unknown option: '--no-such-option'");
    assertThatThrownBy(() -> AgentCommandLine.parse(new AgentMain(), "serve"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("'serve'");
    assertThatThrownBy(() -> AgentCommandLine.parse(new AgentMain(), "--root"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("'--root' (DIR)");
    assertThatThrownBy(() -> AgentCommandLine.parse(new AgentMain(), "--root", "/a", "--root=/b"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("'--root' should be specified only once");
    assertThatThrownBy(() -> AgentCommandLine.parse(new AgentMain(), "--max-artifact-bytes", "lots"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("'lots' is not a whole number");
    assertThatThrownBy(() -> AgentCommandLine.parse(new AgentMain(), "--backend", "launchd"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("use auto, supervisor or systemd");
    assertThatThrownBy(() -> AgentCommandLine.parse(new AgentMain(), "--insecure=true"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("takes no value");
  }
}
