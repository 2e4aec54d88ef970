package dev.steward.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationJournalTest {

  @TempDir
  Path temp;

  @Test
  void recordsRoundTripByIdWhateverCharactersTheIdHas() throws Exception {
    OperationJournal journal = new OperationJournal(temp, 10);
    String id = "rollout/2026-11-27/step 3: ../../etc";
    journal.save(OperationRecord.started(id, "apply", "apply of 1 resources", "d1", 5));
    assertThat(journal.find(id)).get().extracting(OperationRecord::requestDigest).isEqualTo("d1");
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString().matches("[0-9a-f]{64}\\.json");
    }
  }

  @Test
  void runningRecordsBecomeInterruptedAtStartup() throws Exception {
    OperationJournal journal = new OperationJournal(temp, 10);
    journal.save(OperationRecord.started("op", "apply", "x", "d", 1));
    new OperationJournal(temp, 10).markInterrupted();
    assertThat(journal.find("op")).get().extracting(OperationRecord::state).isEqualTo(OperationRecord.State.INTERRUPTED);
  }

  @Test
  void onlyTheNewestRecordsAreKept() throws Exception {
    OperationJournal journal = new OperationJournal(temp, 3);
    for (int i = 0; i < 5; i++) {
      journal.save(OperationRecord.started("op-" + i, "apply", "x", "d", i));
      // age each record explicitly: the pruning must not depend on the file system's clock resolution
      Path newest = temp.resolve(journalFileName("op-" + i));
      Files.setLastModifiedTime(newest, FileTime.fromMillis(1_000_000L + 1000L * i));
    }
    assertThat(journal.find("op-0")).isEmpty();
    assertThat(journal.find("op-1")).isEmpty();
    assertThat(journal.find("op-4")).isPresent();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.count()).isEqualTo(3);
    }
  }

  @Test
  void emptyOrControlCharacterIdsAreInvalid() {
    assertThatThrownBy(() -> OperationJournal.requireValidId("")).hasMessageContaining("operation_id is empty");
    assertThatThrownBy(() -> OperationJournal.requireValidId("a\nb")).hasMessageContaining("control");
  }

  private static String journalFileName(String id) throws Exception {
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(hash) + ".json";
  }
}
