package dev.steward.coordinator.rollout.journal;

import java.io.IOException;

/** The rollout lock lives in the cluster's ZooKeeper, and no node of it answered. */
public final class ZooKeeperUnreachableException extends IOException {
  private static final long serialVersionUID = 1L;

  public ZooKeeperUnreachableException(String message) {
    super(message);
  }
}
