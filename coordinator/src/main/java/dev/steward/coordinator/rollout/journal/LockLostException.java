package dev.steward.coordinator.rollout.journal;

import java.io.IOException;

/**
 * A journal write refused because this coordinator no longer holds the rollout lock (its
 * ZooKeeper session expired, its connection did not come back in time, or another coordinator
 * took the lock over). Nothing was written; the rollout stops here and can be resumed.
 */
public final class LockLostException extends IOException {
  private static final long serialVersionUID = 1L;

  public LockLostException(String message) {
    super(message);
  }
}
