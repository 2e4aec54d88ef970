package dev.steward.coordinator.rollout.journal;

import java.io.IOException;
import java.util.Optional;

/** A held rollout lock; closing releases it (only if it is still this holder's). */
public interface JournalLock extends AutoCloseable {

  /** The holder this lock was taken over from, when it was taken over. */
  Optional<LockHolder> tookOverFrom();

  @Override
  void close() throws IOException;
}
