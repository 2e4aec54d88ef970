package dev.steward.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which inventory `rollout resume` goes on with (docs/scaling.md). */
class MembersAsPlannedTest {

  private static Inventory fiveMembers() throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: s
        kafka: {version: 3.9.1}
        zookeeper: {dynamicMembership: true}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
          - {name: d, address: 10.0.0.4, zookeeperId: 4}
          - {name: e, address: 10.0.0.5, zookeeperId: 5}
        """, null, "s.yaml").inventory();
  }

  private static RolloutState plannedWith(Map<String, Integer> members) {
    return new RolloutState("restart-1", "s", "restart", "/s.yaml", RolloutState.HALTED,
        List.of(RolloutStep.pending("zookeeper", "a")), List.of(), "", null, null, null, null,
        "zookeeper on a not ready", 1, 0, members);
  }

  @Test
  void aNewRolloutRecordsTheMembersOfItsInventoryInIdOrder() throws Exception {
    assertThat(MembersAsPlanned.of(fiveMembers())).containsExactly(Map.entry("10.0.0.1", 1), Map.entry("10.0.0.2", 2),
        Map.entry("10.0.0.3", 3), Map.entry("10.0.0.4", 4), Map.entry("10.0.0.5", 5));
  }

  @Test
  void membershipChangesFirstPartIsResumedWithTheMembersItRolledNotTheInventorys() throws Exception {
    RolloutState firstPart = plannedWith(Map.of("10.0.0.1", 1, "10.0.0.2", 2, "10.0.0.3", 3));

    Inventory resumed = MembersAsPlanned.inventoryToResume(fiveMembers(), firstPart).orElseThrow();

    assertThat(resumed.zookeeperHosts()).extracting(HostSpec::name).containsExactly("a", "b", "c");
    assertThat(resumed.brokerHosts()).extracting(HostSpec::name).containsExactly("a", "b", "c");
  }

  @Test
  void aRolloutPlannedWithTheInventorysMembersIsResumedWithTheInventory() throws Exception {
    Inventory inventory = fiveMembers();

    assertThat(MembersAsPlanned.inventoryToResume(inventory, plannedWith(MembersAsPlanned.of(inventory)))).isEmpty();
  }

  @Test
  void aJournalWrittenBeforeMembersWereRecordedIsResumedWithTheInventory() throws Exception {
    RolloutState old = new RolloutState("restart-1", "s", "restart", "/s.yaml", RolloutState.HALTED, List.of(),
        List.of(), "", null, null, null, null, "halted", 1, 0);

    assertThat(old.zookeeperMembers()).isEmpty();
    assertThat(MembersAsPlanned.inventoryToResume(fiveMembers(), old)).isEmpty();
  }

  @Test
  void theMembersSurviveEveryStepAndStatusChange() {
    RolloutState state = plannedWith(Map.of("10.0.0.1", 1));

    assertThat(state.withStatus(RolloutState.RUNNING, null, 0).zookeeperMembers()).containsExactly(
        Map.entry("10.0.0.1", 1));
    assertThat(state.withStep(RolloutStep.pending("zookeeper", "a")).zookeeperMembers())
        .containsExactly(Map.entry("10.0.0.1", 1));
  }
}
