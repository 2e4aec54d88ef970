package dev.steward.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigFileTest {

  @TempDir
  Path temp;

  private AgentConfig configOf(Path defaultFile, String... args) throws Exception {
    AgentMain main = new AgentMain();
    AgentCommandLine.parse(main, args);
    main.defaultConfigFile = defaultFile;
    return main.config();
  }

  private Path file(String text) throws Exception {
    return Files.writeString(temp.resolve("agent-" + System.nanoTime() + ".yaml"), text);
  }

  @Test
  void everyKeyMirrorsAnOptionAndIsTaken() throws Exception {
    Path root = Files.createDirectories(temp.resolve("root"));
    Path config = file("""
        listen: 127.0.0.1:7555
        root: %s
        stateDir: /var/lib/steward-test
        backend: supervisor
        insecure: true
        pidFile: /run/steward-agent.pid
        javaHome: /usr/lib/jvm/java-17-openjdk-amd64
        maxArtifactBytes: 1048576
        enrollTokenFile: /etc/steward/enroll.token
        """.formatted(root));

    AgentConfig agent = configOf(temp.resolve("none"), "--config", config.toString());

    assertThat(agent.listen().getPort()).isEqualTo(7555);
    assertThat(agent.root()).isEqualTo(root);
    assertThat(agent.stateDir()).isEqualTo(Path.of("/var/lib/steward-test"));
    assertThat(agent.backend()).isEqualTo(AgentConfig.BackendChoice.SUPERVISOR);
    assertThat(agent.insecure()).isTrue();
    assertThat(agent.pidFile()).isEqualTo(Path.of("/run/steward-agent.pid"));
    assertThat(agent.javaHome()).isEqualTo(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"));
    assertThat(agent.maxArtifactBytes()).isEqualTo(1048576);
    assertThat(agent.enrollTokenFile()).isEqualTo(Path.of("/etc/steward/enroll.token"));
  }

  @Test
  void commandLineOptionsWinOverTheFile() throws Exception {
    Path config = file("listen: 127.0.0.1:7555\nbackend: systemd\nmaxArtifactBytes: 5\n");

    AgentConfig agent = configOf(temp.resolve("none"), "--config", config.toString(), "--listen", "127.0.0.1:7666",
        "--backend", "supervisor", "--root", temp.toString());

    assertThat(agent.listen().getPort()).isEqualTo(7666);
    assertThat(agent.backend()).isEqualTo(AgentConfig.BackendChoice.SUPERVISOR);
    assertThat(agent.maxArtifactBytes()).as("not on the command line: the file's").isEqualTo(5);
  }

  @Test
  void packagedDefaultFileIsReadWhenPresentButNotForAnAgentGivenARoot() throws Exception {
    Path packaged = file("listen: 127.0.0.1:7777\n");

    assertThat(configOf(packaged).listen().getPort()).isEqualTo(7777);
    assertThat(configOf(packaged, "--root", temp.toString()).listen().getPort()).isEqualTo(7443);
    assertThat(configOf(temp.resolve("absent")).listen().getPort()).isEqualTo(7443);
  }

  @Test
  void commentsOnlyFileMeansDefaults() throws Exception {
    AgentConfig agent = configOf(temp.resolve("none"), "--config", file("# listen: 0.0.0.0:7443\n").toString());

    assertThat(agent.listen().getPort()).isEqualTo(7443);
    assertThat(agent.backend()).isEqualTo(AgentConfig.BackendChoice.AUTO);
    assertThat(agent.insecure()).isFalse();
  }

  @Test
  void unknownKeyIsAnErrorNamingItAndTheKnownOnes() {
    assertThatThrownBy(() -> AgentConfigFile.parse("agent.yaml", "lisen: 127.0.0.1:7443\n"))
        .hasMessageStartingWith("agent.yaml: unknown key 'lisen'").hasMessageContaining("known: listen, root");
  }

  @Test
  void wrongTypesAndRelativePathsAreErrorsNamingTheKey() throws Exception {
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "insecure: yes please\n")).hasMessage("f: insecure must be true or false");
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "maxArtifactBytes: 2GiB\n"))
        .hasMessage("f: maxArtifactBytes must be a whole number");
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "stateDir: var/lib\n")).hasMessageContaining("stateDir must be an absolute path");
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "listen: [1, 2]\n")).hasMessage("f: listen must be a non-empty string");
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "- listen\n")).hasMessage("f: must be a map of option: value");
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "listen: : :\n"))
        .hasMessage("f: line 1: ': :' cannot be a plain value: put it in quotes ('...' or \"...\")");
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "maxArtifactBytes: 99999999999999999999\n"))
        .hasMessage("f: maxArtifactBytes must be a whole number");
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "maxArtifactBytes: 1.5\n"))
        .hasMessage("f: maxArtifactBytes must be a whole number");
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "insecure: {a: b}\nlisten: x\n"))
        .hasMessage("f: insecure must be true or false");
    assertThatThrownBy(() -> AgentConfigFile.parse("f", "just a string\n")).hasMessage("f: must be a map of option: value");
    assertThat(AgentConfigFile.parse("f", "insecure: ~\nmaxArtifactBytes: 16\nlisten: '127.0.0.1:1'\n"))
        .isEqualTo(new AgentConfigFile.Values("127.0.0.1:1", null, null, null, null, null, null, 16L, null));
    assertThat(AgentConfigFile.parse("f", "~\n")).isEqualTo(AgentConfigFile.Values.NONE);
  }

  @Test
  void badFileIsABadArgumentExitAndAMissingExplicitFileToo() throws Exception {
    assertThat(AgentMain.run("--config", file("backend: launchd\n").toString(), "--root", temp.toString()))
        .isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
    assertThat(AgentMain.run("--config", temp.resolve("missing.yaml").toString())).isEqualTo(AgentMain.EXIT_BAD_ARGUMENTS);
  }

  @Test
  void aFileIsReadWithoutAnyYamlLibraryOnTheClassPath() throws Exception {
    // the agent's own classes only, over the JDK's: reading a file through Jackson or SnakeYAML (~155
    // classes an enrolled agent would hold for life) would fail here with NoClassDefFoundError
    URL agentClasses = AgentConfigFile.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader withoutYaml = new URLClassLoader(new URL[] {agentClasses},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> isolated = Class.forName(AgentConfigFile.class.getName(), true, withoutYaml);
      Field keys = isolated.getDeclaredField("KEYS");
      keys.setAccessible(true);
      Method parse = isolated.getDeclaredMethod("parse", String.class, String.class);
      parse.setAccessible(true);

      assertThat((List<?>) keys.get(null)).isEqualTo(AgentConfigFile.KEYS);
      assertThat(parse.invoke(null, "agent.yaml", "listen: 0.0.0.0:7443\ninsecure: false\n").toString())
          .isEqualTo(AgentConfigFile.parse("agent.yaml", "listen: 0.0.0.0:7443\ninsecure: false\n").toString());
    }
  }

  @Test
  void thePackagedFileAndTheDocumentedExampleAreRead() throws Exception {
    Path packaged = Path.of("../packaging/src/deb/files/agent.yaml");
    assertThat(AgentConfigFile.load(packaged)).as("every option commented out").isEqualTo(AgentConfigFile.Values.NONE);

    assertThat(AgentConfigFile.parse("agent.yaml", """
        listen: 0.0.0.0:7443
        root: /
        stateDir: /var/lib/steward
        backend: auto            # auto | systemd | supervisor
        insecure: false
        pidFile: /run/steward-agent.pid
        javaHome: /usr/lib/jvm/java-17-openjdk-amd64
        maxArtifactBytes: 2147483648
        enrollTokenFile: /etc/steward/enroll-token
        """)).isEqualTo(new AgentConfigFile.Values("0.0.0.0:7443", Path.of("/"), Path.of("/var/lib/steward"), "auto",
        false, Path.of("/run/steward-agent.pid"), Path.of("/usr/lib/jvm/java-17-openjdk-amd64"), 2147483648L,
        Path.of("/etc/steward/enroll-token")));
  }

  @Test
  void anOptionSetTwiceIsAnErrorNamingBothLines() {
    assertThatThrownBy(() -> AgentConfigFile.parse("agent.yaml", "listen: 127.0.0.1:1\n# later\nlisten: 127.0.0.1:2\n"))
        .hasMessage("agent.yaml: line 3: listen is already set on line 1 (set each option once)");
  }
}
