package dev.steward.coordinator.deploy;

/** The order in which a host's desired state converges. ZooKeeper always precedes Kafka. */
public enum PhaseName {
  BASE("base"),
  ZOOKEEPER("zookeeper"),
  KAFKA("kafka");

  private final String label;

  PhaseName(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
