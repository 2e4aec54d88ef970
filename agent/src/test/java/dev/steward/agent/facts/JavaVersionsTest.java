package dev.steward.agent.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.testing.RecordingCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaVersionsTest {

  private static final String JDK_17 = "openjdk version \"17.0.15\" 2025-04-15\n";

  @TempDir
  Path temp;

  @Test
  void theSameExecutableIsRunOnceAndAskedThroughALinkToo() throws Exception {
    Path java = Files.writeString(temp.resolve("java"), "a launcher");
    Path link = Files.createSymbolicLink(temp.resolve("java-link"), java);
    RecordingCommandRunner runner = new RecordingCommandRunner().on(List.of(), 0, "", JDK_17);
    JavaVersions versions = new JavaVersions(runner);

    assertThat(versions.of(java)).get().extracting(JavaVersionOutput.Version::version).isEqualTo("17.0.15");
    assertThat(versions.of(java)).isPresent();
    assertThat(versions.of(link)).isPresent();

    assertThat(runner.commands()).hasSize(1);
  }

  @Test
  void anUpgradedJdkReplacesTheExecutableAndIsAskedAgain() throws Exception {
    Path java = Files.writeString(temp.resolve("java"), "a launcher");
    RecordingCommandRunner runner = new RecordingCommandRunner().on(List.of(), 0, "", JDK_17);
    JavaVersions versions = new JavaVersions(runner);
    versions.of(java);

    Files.setLastModifiedTime(java, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    versions.of(java);

    assertThat(runner.commands()).hasSize(2);
  }

  @Test
  void aJavaThatHungIsAskedAgainNextTime() throws Exception {
    Path java = Files.writeString(temp.resolve("java"), "a launcher");
    RecordingCommandRunner runner = new RecordingCommandRunner().on(List.of(),
        argv -> new CommandResult(argv, -1, "", JDK_17, true));
    JavaVersions versions = new JavaVersions(runner);

    assertThat(versions.of(java)).isEmpty();
    assertThat(versions.of(java)).isEmpty();

    assertThat(runner.commands()).hasSize(2);
  }

  @Test
  void aMissingExecutableIsNotRun() {
    RecordingCommandRunner runner = new RecordingCommandRunner();

    assertThat(new JavaVersions(runner).of(temp.resolve("absent/bin/java"))).isEmpty();
    assertThat(runner.commands()).isEmpty();
  }
}
