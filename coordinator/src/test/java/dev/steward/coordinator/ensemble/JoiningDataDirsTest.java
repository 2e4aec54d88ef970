package dev.steward.coordinator.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.FoundMyId;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourceStatus;
import org.junit.jupiter.api.Test;

class JoiningDataDirsTest {

  private static ResourceResult result(ResourceStatus status, String message, FoundMyId found) {
    ResourceResult.Builder result = ResourceResult.newBuilder().setId("myid").setStatus(status).setMessage(message);
    return found == null ? result.build() : result.setFoundMyid(found).build();
  }

  @Test
  void theIdComesFromTheFieldWhateverTheMessageSays() {
    ResourceResult reworded = result(ResourceStatus.RESOURCE_STATUS_FAILED, "myid: a different id, see the file",
        FoundMyId.newBuilder().setExists(true).setHoldsId(true).setId(3).build());

    assertThat(JoiningDataDirs.found(reworded, 4)).contains(new JoiningDataDir.HoldsId(3));
  }

  @Test
  void noFileAndAFileWithoutAnIdAreToldApartByTheField() {
    assertThat(JoiningDataDirs.found(result(ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE, "",
        FoundMyId.newBuilder().setExists(false).build()), 4)).contains(new JoiningDataDir.NoMyId());
    assertThat(JoiningDataDirs.found(result(ResourceStatus.RESOURCE_STATUS_FAILED, "exists but does not hold an id",
        FoundMyId.newBuilder().setExists(true).setHoldsId(false).build()), 4))
        .contains(new JoiningDataDir.Unreadable("exists but does not hold an id"));
    assertThat(JoiningDataDirs.found(result(ResourceStatus.RESOURCE_STATUS_UNCHANGED, "",
        FoundMyId.newBuilder().setExists(true).setHoldsId(true).setId(4).build()), 4))
        .contains(new JoiningDataDir.HoldsId(4));
  }

  @Test
  void anAgentOlderThanTheFieldIsStillUnderstood() {
    assertThat(JoiningDataDirs.found(result(ResourceStatus.RESOURCE_STATUS_FAILED,
        "/var/lib/zookeeper/myid holds id 3 but this host should be 4. A myid is never overwritten", null), 4))
        .contains(new JoiningDataDir.HoldsId(3));
    assertThat(JoiningDataDirs.found(result(ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE, "", null), 4))
        .contains(new JoiningDataDir.NoMyId());
    assertThat(JoiningDataDirs.found(result(ResourceStatus.RESOURCE_STATUS_SKIPPED, "not supported", null), 4))
        .isEmpty();
  }
}
