package dev.steward.agent.journal;

import dev.steward.agent.v1.ApplyEvent;

/** Receives an operation's events in order, then exactly one of completed / failed. */
public interface OperationSubscriber {

  void onEvent(ApplyEvent event);

  void onCompleted();

  void onFailed(OperationException failure);
}
