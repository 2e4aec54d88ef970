package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.GUIDE;
import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** rebalance: the replication throttle and the in-flight cap of `rebalance` and `hosts drain`. */
class RebalanceValidationTest {

  @Test
  void defaultsAreTenMebibytesAndFivePartitions() throws Exception {
    RebalanceSpec spec = load(GUIDE).inventory().rebalance();
    assertThat(spec.throttle()).isEqualTo(10L * 1024 * 1024);
    assertThat(spec.maxPartitionsInFlight()).isEqualTo(5);
  }

  @Test
  void throttleIsASizePerSecondAndTheCapAPositiveCount() throws Exception {
    RebalanceSpec spec = load(withSections("rebalance: {throttle: 50MiB, maxPartitionsInFlight: 2}")).inventory()
        .rebalance();
    assertThat(spec.throttle()).isEqualTo(50L * 1024 * 1024);
    assertThat(spec.maxPartitionsInFlight()).isEqualTo(2);
  }

  @Test
  void zeroInFlightIsRefused() {
    onlyProblem(withSections("rebalance: {maxPartitionsInFlight: 0}"), "rebalance.maxPartitionsInFlight");
  }

  @Test
  void aThrottleTooLowToMoveAnythingIsRefused() {
    assertThat(onlyProblem(withSections("rebalance: {throttle: \"100\"}"), "rebalance.throttle").message())
        .contains("too low");
  }
}
