package dev.steward.agent.journal;

import dev.steward.agent.v1.ApplyEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An apply in progress: its events so far and whoever is watching. A late watcher first gets
 * every event already published, then the live ones, so all watchers see the same stream.
 */
final class RunningOperation {

  private static final Logger log = LoggerFactory.getLogger(RunningOperation.class);

  final String id;
  final String digest;
  private final List<ApplyEvent> events = new ArrayList<>();
  private final List<OperationSubscriber> subscribers = new ArrayList<>();
  private boolean done;
  private OperationException failure;

  RunningOperation(String id, String digest) {
    this.id = id;
    this.digest = digest;
  }

  synchronized void subscribe(OperationSubscriber subscriber) {
    for (ApplyEvent event : events) {
      subscriber.onEvent(event);
    }
    if (!done) {
      subscribers.add(subscriber);
    } else if (failure != null) {
      subscriber.onFailed(failure);
    } else {
      subscriber.onCompleted();
    }
  }

  synchronized void unsubscribe(OperationSubscriber subscriber) {
    subscribers.remove(subscriber);
  }

  synchronized void publish(ApplyEvent event) {
    events.add(event);
    for (OperationSubscriber subscriber : List.copyOf(subscribers)) {
      try {
        subscriber.onEvent(event);
      } catch (RuntimeException e) {
        // a watcher that went away must not stop the operation
        log.debug("dropping a watcher of {}: {}", id, e.toString());
        subscribers.remove(subscriber);
      }
    }
  }

  synchronized void complete() {
    done = true;
    for (OperationSubscriber subscriber : subscribers) {
      try {
        subscriber.onCompleted();
      } catch (RuntimeException e) {
        log.debug("watcher of {} failed on completion: {}", id, e.toString());
      }
    }
    subscribers.clear();
  }

  synchronized void fail(OperationException cause) {
    done = true;
    failure = cause;
    for (OperationSubscriber subscriber : subscribers) {
      try {
        subscriber.onFailed(cause);
      } catch (RuntimeException e) {
        log.debug("watcher of {} failed on failure: {}", id, e.toString());
      }
    }
    subscribers.clear();
  }
}
