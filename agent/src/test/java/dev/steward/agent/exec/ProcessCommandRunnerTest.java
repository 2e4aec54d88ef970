package dev.steward.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real child processes (sh, head, sleep): the cap and the kill are what a fake runner cannot show. */
class ProcessCommandRunnerTest {

  final ProcessCommandRunner runner = new ProcessCommandRunner();

  @Test
  void outputBeyondTheCapIsDroppedWhileTheProgramRunsToItsEnd() throws Exception {
    int produced = ProcessCommandRunner.MAX_CAPTURED_BYTES * 2;
    CommandResult result = runner.run(List.of("sh", "-c", "head -c " + produced + " /dev/zero; "
        + "head -c " + produced + " /dev/zero >&2; echo done >&2"), Duration.ofSeconds(30));

    assertThat(result.succeeded()).as("a full pipe never blocks the program").isTrue();
    assertThat(result.stdout()).hasSize(ProcessCommandRunner.MAX_CAPTURED_BYTES);
    assertThat(result.stderr()).hasSize(ProcessCommandRunner.MAX_CAPTURED_BYTES).doesNotContain("done");
  }

  @Test
  void timeoutKillsTheCommandAndEveryProcessItStarted() throws Exception {
    CommandResult result = runner.run(List.of("sh", "-c", "sleep 300 & echo $!; wait"), Duration.ofMillis(500));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    long grandchild = Long.parseLong(result.stdout().strip());
    Eventually.within(Duration.ofSeconds(10)).until("the sleep the shell started (pid " + grandchild + ") to end",
        () -> !running(grandchild));
  }

  /** Alive and not a zombie: a killed orphan may linger unreaped where no init process reaps it. */
  static boolean running(long pid) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    try {
      String text = Files.readString(stat);
      char state = text.charAt(text.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (NoSuchFileException gone) {
      return false;
    }
  }

  @Test
  void commandThatEndsInTimeReportsItsStatusAndBothStreams() throws Exception {
    CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(30));

    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }
}
