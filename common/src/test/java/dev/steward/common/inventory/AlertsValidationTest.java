package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.GUIDE;
import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The alerts: section, the thresholds of steward status's alerts. */
class AlertsValidationTest {

  @Test
  void withoutTheSectionTheDefaultsApply() throws Exception {
    AlertsSpec alerts = load(GUIDE).inventory().alerts();
    assertThat(alerts).isEqualTo(AlertsSpec.DEFAULTS);
    assertThat(alerts.diskFreeBelowPercent()).isEqualTo(10);
    assertThat(alerts.consumerLagAbove()).isEqualTo(10_000);
    assertThat(alerts.certificateExpiresWithin()).isEqualTo(Duration.ofDays(30));
    assertThat(alerts.walHeldAbove()).isEqualTo(256L << 20);
  }

  @Test
  void everyThresholdCanBeSet() throws Exception {
    AlertsSpec alerts = load(withSections("alerts: {diskFreeBelow: 15%, consumerLagAbove: 500, "
        + "certificateExpiresWithin: 45d, walHeldAbove: 1GiB}")).inventory().alerts();
    assertThat(alerts).isEqualTo(new AlertsSpec(15, 0, 500, Duration.ofDays(45), 1L << 30));
  }

  @Test
  void diskThresholdMayBeASize() throws Exception {
    AlertsSpec alerts = load(withSections("alerts: {diskFreeBelow: 20GiB}")).inventory().alerts();
    assertThat(alerts.diskFreeBelowBytes()).isEqualTo(20L << 30);
    assertThat(alerts.diskFreeBelow(19L << 30, 100L << 30)).isTrue();
    assertThat(alerts.diskFreeBelow(21L << 30, 100L << 30)).isFalse();
  }

  @Test
  void percentThresholdComparesTheShareFree() {
    assertThat(AlertsSpec.DEFAULTS.diskFreeBelow(9, 100)).isTrue();
    assertThat(AlertsSpec.DEFAULTS.diskFreeBelow(10, 100)).isFalse();
    assertThat(AlertsSpec.DEFAULTS.diskFreeBelow(0, 0)).as("unknown size").isFalse();
  }

  @Test
  void expiryMayBeInHours() throws Exception {
    assertThat(load(withSections("alerts: {certificateExpiresWithin: 12h}")).inventory().alerts()
        .certificateExpiresWithin()).isEqualTo(Duration.ofHours(12));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0%", "150%", "\"15 %\"", "lots", "15", "0"})
  void diskThresholdMustBeAShareOrASize(String value) {
    InventoryProblem problem = onlyProblem(withSections("alerts: {diskFreeBelow: " + value + "}"),
        "alerts.diskFreeBelow");
    assertThat(problem.fix()).contains("10%");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "lots", "\"100\"", "1.5"})
  void lagThresholdMustBeAWholeNumber(String value) {
    onlyProblem(withSections("alerts: {consumerLagAbove: " + value + "}"), "alerts.consumerLagAbove");
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "30days", "\"1 month\"", "-3d"})
  void expiryMustBeDaysOrADuration(String value) {
    InventoryProblem problem = onlyProblem(withSections("alerts: {certificateExpiresWithin: " + value + "}"),
        "alerts.certificateExpiresWithin");
    assertThat(problem.fix()).contains("30d");
  }

  @Test
  void unknownKeyNamesTheSection() {
    onlyProblem(withSections("alerts: {lagAbove: 5}"), "alerts.lagAbove");
  }
}
