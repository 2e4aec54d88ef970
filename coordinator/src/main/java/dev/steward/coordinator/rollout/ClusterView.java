package dev.steward.coordinator.rollout;

import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.probe.KafkaSnapshot;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the rollers decide from: a snapshot of each service, fresh on every call. The rollout
 * reads the live cluster through it ({@link RolloutCluster}); the dry run reads a what-if copy
 * ({@link WhatIfCluster}), so both are decided by the same rollers over the same kind of input.
 */
public interface ClusterView {

  EnsembleSnapshot ensemble();

  /** Every broker host of the inventory with its process and registration state. */
  List<BrokerState> brokers();

  OptionalInt controller();

  KafkaSnapshot kafka();

  /** The Connect workers and their connectors and tasks. */
  ConnectClusterSnapshot connect();

  /** What the Kafka roller decides from, every part read fresh for this one decision. */
  record KafkaDecisionInputs(List<BrokerState> brokers, KafkaSnapshot kafka, OptionalInt controller) {
  }

  /** {@link #brokers}, {@link #kafka} and {@link #controller}; a live cluster reads them side by side. */
  default KafkaDecisionInputs kafkaDecisionInputs() {
    return new KafkaDecisionInputs(brokers(), kafka(), controller());
  }
}
