package dev.steward.agent.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir
  Path dir;

  @Test
  void preallocatedZerosAfterTheLastRecordAreNotPartOfTheLog() throws Exception {
    byte[] log = new byte[200_000];
    log[0] = 'Z';
    log[130_000] = 'B';
    Path file = Files.write(dir.resolve("log.1"), log);
    assertThat(LogTail.usefulLength(file)).isEqualTo(130_001);
  }

  @Test
  void aLogWithoutPaddingKeepsItsLength() throws Exception {
    Path file = Files.write(dir.resolve("log.1"), new byte[] {1, 0, 2});
    assertThat(LogTail.usefulLength(file)).isEqualTo(3);
  }

  @Test
  void anAllZeroFileHoldsNothing() throws Exception {
    Path file = Files.write(dir.resolve("log.1"), new byte[70_000]);
    assertThat(LogTail.usefulLength(file)).isZero();
  }
}
