package dev.steward.coordinator.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.rollout.RolloutState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalRecordTest {

  @Test
  void theMembersARolloutWasPlannedWithAreJournaled() throws Exception {
    RolloutState running = JournalTestSupport.running("r1");
    RolloutState planned = new RolloutState(running.id(), running.cluster(), running.kind(), running.inventory(),
        running.status(), running.steps(), running.acceptedTopics(), running.reason(), null, null, null, null, null,
        running.createdAtMillis(), 0, Map.of("10.0.0.1", 1, "10.0.0.2", 2));

    RolloutState read = JournalRecord.decode(new JournalRecord(planned, Optional.empty()).encode(), "test").state();

    assertThat(read).isEqualTo(planned);
    assertThat(read.zookeeperMembers()).containsEntry("10.0.0.2", 2).hasSize(2);
  }

  @Test
  void anEntryWrittenBeforeMembersWereRecordedReadsWithNone() throws Exception {
    RolloutState running = JournalTestSupport.running("r1");
    String json = new String(new JournalRecord(running, Optional.empty()).encode(), StandardCharsets.UTF_8)
        .replaceAll(",\\s*\"zookeeperMembers\"\\s*:\\s*\\{\\s*}", "");
    assertThat(json).doesNotContain("zookeeperMembers");

    RolloutState read = JournalRecord.decode(json.getBytes(StandardCharsets.UTF_8), "test").state();

    assertThat(read.zookeeperMembers()).isEmpty();
    assertThat(read.id()).isEqualTo("r1");
  }
}
