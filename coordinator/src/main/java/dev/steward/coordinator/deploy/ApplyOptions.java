package dev.steward.coordinator.deploy;

/**
 * Choices for {@link Deployer#apply}.
 *
 * @param smokeTest after the cluster is up, create a test topic (RF 3, 6 partitions), produce
 *     {@code smokeRecords} records and consume them back (the guide's Step 8)
 * @param pruneConnectors delete connectors that run but are not in the inventory
 */
public record ApplyOptions(boolean smokeTest, int smokeRecords, boolean pruneConnectors) {

  public ApplyOptions(boolean smokeTest, int smokeRecords) {
    this(smokeTest, smokeRecords, false);
  }

  public static ApplyOptions defaults() {
    return new ApplyOptions(true, 100);
  }
}
