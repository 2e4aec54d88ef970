package dev.steward.coordinator.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.coordinator.rollout.RolloutStore.RolloutLockedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory journal's lock: what tests and the local cache use. */
class LocalRolloutJournalTest {

  @TempDir
  Path dir;

  @Test
  void anEmptyLockFileIsRefusedNotTreatedAsStaleAndDeleted() throws Exception {
    // a coordinator that created the file but has not written its pid yet
    Files.writeString(dir.resolve("lock"), "");
    LocalRolloutJournal journal = new LocalRolloutJournal(dir);

    assertThatThrownBy(() -> journal.lock(false)).isInstanceOf(RolloutLockedException.class)
        .hasMessageContaining("cannot be read");
    assertThat(dir.resolve("lock")).exists();
  }

  @Test
  void aLockOfALiveProcessIsTakenOverOnlyWhenAskedAndNamesItsHolder() throws Exception {
    long parent = ProcessHandle.current().parent().orElseThrow().pid();
    Files.writeString(dir.resolve("lock"), Long.toString(parent));
    LocalRolloutJournal journal = new LocalRolloutJournal(dir);
    assertThatThrownBy(() -> journal.lock(false)).isInstanceOf(RolloutLockedException.class);

    try (JournalLock lock = journal.lock(true)) {
      assertThat(lock.tookOverFrom()).get().extracting(LockHolder::pid).isEqualTo(parent);
      assertThat(Files.readString(dir.resolve("lock"))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }
    assertThat(dir.resolve("lock")).doesNotExist();
  }

  @Test
  void aRunningRolloutWhoseLockHolderDiedIsReportedHolderGone() throws Exception {
    LocalRolloutJournal journal = new LocalRolloutJournal(dir);
    journal.save(JournalTestSupport.running("r1"));
    Files.writeString(dir.resolve("lock"), "999999999");

    assertThat(journal.snapshot().holderGone()).isTrue();
  }

  @Test
  void theHistoryListsTheFinishedRolloutsNewestFirst() throws Exception {
    LocalRolloutJournal journal = new LocalRolloutJournal(dir);
    assertThat(journal.history(5)).isEmpty();
    for (int i = 1; i <= 3; i++) {
      var state = JournalTestSupport.createdAt(JournalTestSupport.running("r" + i), i * 1000L);
      journal.save(state);
      journal.save(JournalTestSupport.done(state));
    }

    assertThat(journal.history(5)).extracting(dev.steward.coordinator.rollout.RolloutState::id)
        .containsExactly("r3", "r2", "r1");
    assertThat(journal.history(1)).hasSize(1);
  }
}
