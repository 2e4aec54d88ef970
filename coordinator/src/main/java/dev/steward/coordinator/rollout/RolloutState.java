package dev.steward.coordinator.rollout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rollout as journaled: what it is for, every node's step, and how it ended. Immutable;
 * every change produces a new state that the store writes atomically before acting on it.
 *
 * @param kind "restart", "upgrade" (new binaries, protocol pinned) or "protocol" (the
 *     inter.broker.protocol.version bump)
 * @param status "running", "halted" (stopped by a gate or failure; resumable), "done", "aborted"
 * @param targetVersion for upgrades: the Kafka version being rolled out
 * @param pinnedProtocol for upgrades: the inter.broker.protocol.version kept during the roll
 * @param targetArtifact for upgrades: the distribution being installed, and its SHA-512
 * @param zookeeperMembers the ZooKeeper members (id by host address) the rollout was planned with;
 *     a membership change's first part plans over the members as they run, not the inventory's
 *     (docs/scaling.md), and `rollout resume` goes on with the same. Empty in journals written
 *     before it was recorded.
 */
public record RolloutState(
    String id,
    String cluster,
    String kind,
    String inventory,
    String status,
    List<RolloutStep> steps,
    List<String> acceptedTopics,
    String reason,
    String targetVersion,
    String pinnedProtocol,
    String targetArtifact,
    String targetSha512,
    String haltReason,
    long createdAtMillis,
    long finishedAtMillis,
    Map<String, Integer> zookeeperMembers) {

  public static final String RUNNING = "running";
  public static final String HALTED = "halted";
  public static final String DONE = "done";
  public static final String ABORTED = "aborted";

  public RolloutState {
    steps = List.copyOf(steps);
    acceptedTopics = acceptedTopics == null ? List.of() : List.copyOf(acceptedTopics);
    zookeeperMembers = zookeeperMembers == null ? Map.of() : Collections.unmodifiableMap(
        new LinkedHashMap<>(zookeeperMembers));
  }

  /** A state that records no ZooKeeper members (as journals before they were recorded). */
  public RolloutState(String id, String cluster, String kind, String inventory, String status, List<RolloutStep> steps,
      List<String> acceptedTopics, String reason, String targetVersion, String pinnedProtocol, String targetArtifact,
      String targetSha512, String haltReason, long createdAtMillis, long finishedAtMillis) {
    this(id, cluster, kind, inventory, status, steps, acceptedTopics, reason, targetVersion, pinnedProtocol,
        targetArtifact, targetSha512, haltReason, createdAtMillis, finishedAtMillis, Map.of());
  }

  public boolean finished() {
    return DONE.equals(status) || ABORTED.equals(status);
  }

  public List<RolloutStep> steps(String service) {
    return steps.stream().filter(s -> s.service().equals(service)).toList();
  }

  public RolloutState withStep(RolloutStep step) {
    List<RolloutStep> updated = new ArrayList<>();
    for (RolloutStep existing : steps) {
      updated.add(existing.service().equals(step.service()) && existing.host().equals(step.host()) ? step : existing);
    }
    return new RolloutState(id, cluster, kind, inventory, status, updated, acceptedTopics, reason, targetVersion,
        pinnedProtocol, targetArtifact, targetSha512, haltReason, createdAtMillis, finishedAtMillis, zookeeperMembers);
  }

  public RolloutState withStatus(String newStatus, String newHaltReason, long finishedAt) {
    return new RolloutState(id, cluster, kind, inventory, newStatus, steps, acceptedTopics, reason, targetVersion,
        pinnedProtocol, targetArtifact, targetSha512, newHaltReason, createdAtMillis, finishedAt, zookeeperMembers);
  }

  public Optional<RolloutStep> step(String service, String host) {
    return steps.stream().filter(s -> s.service().equals(service) && s.host().equals(host)).findFirst();
  }
}
