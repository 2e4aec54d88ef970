package dev.steward.coordinator.deploy;

/**
 * Choices for {@link Deployer#apply}.
 *
 * @param smokeTest after the cluster is up, create a test topic (RF 3, 6 partitions), produce
 *     {@code smokeRecords} records and consume them back (the guide's Step 8)
 * @param pruneConnectors delete connectors that run but are not in the inventory
 * @param ensembleChecked the running ensemble's membership was read and decided on before the
 *     apply (the commands' {@code EnsembleChangeCheck}): the cruder count check is not repeated
 */
public record ApplyOptions(boolean smokeTest, int smokeRecords, boolean pruneConnectors, boolean ensembleChecked) {

  public ApplyOptions(boolean smokeTest, int smokeRecords, boolean pruneConnectors) {
    this(smokeTest, smokeRecords, pruneConnectors, false);
  }

  public ApplyOptions(boolean smokeTest, int smokeRecords) {
    this(smokeTest, smokeRecords, false);
  }

  /** The same choices, with the ensemble's membership decided beforehand. */
  public ApplyOptions withEnsembleChecked() {
    return new ApplyOptions(smokeTest, smokeRecords, pruneConnectors, true);
  }

  /** The same choices without the smoke test (an interim apply: the final one runs it). */
  public ApplyOptions withoutSmokeTest() {
    return new ApplyOptions(false, smokeRecords, pruneConnectors, ensembleChecked);
  }

  public static ApplyOptions defaults() {
    return new ApplyOptions(true, 100);
  }
}
