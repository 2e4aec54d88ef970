package dev.steward.coordinator.deploy;

/**
 * Choices for {@link Deployer#apply}.
 *
 * @param smokeTest after the cluster is up, create a test topic (RF 3, 6 partitions), produce
 *     {@code smokeRecords} records and consume them back (the guide's Step 8)
 */
public record ApplyOptions(boolean smokeTest, int smokeRecords) {

  public static ApplyOptions defaults() {
    return new ApplyOptions(true, 100);
  }
}
